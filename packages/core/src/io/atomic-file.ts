import { dirname, basename, join } from 'node:path';
import { nodeFileOps, type FileOps } from './file-ops';
import { makeParentDir, toWriteError, writeAll } from './write-all';

/**
 * Writes a file so that readers see either the old content or the new, never a torn mix: the data
 * goes to a temporary file in the same directory, is written completely (short writes are
 * continued), flushed to disk, then renamed over the target. If any step fails (ENOSPC on a full
 * disk, EROFS, ENOTDIR) the temporary file is removed, the target keeps its previous content, and
 * an ArtifactWriteError names the path and the OS code. A short file is never renamed into place.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, ops: FileOps = nodeFileOps): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number;
  try {
    makeParentDir(ops, dir, path);
    fd = ops.openSync(tmp, 'w');
  } catch (error) {
    throw toWriteError(path, error);
  }
  try {
    writeAll(ops, fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, path);
    ops.fsyncSync(fd);
  } catch (error) {
    safely(() => ops.closeSync(fd));
    safely(() => ops.rmSync(tmp, { force: true }));
    throw toWriteError(path, error);
  }
  try {
    ops.closeSync(fd);
    ops.renameSync(tmp, path);
  } catch (error) {
    safely(() => ops.rmSync(tmp, { force: true }));
    throw toWriteError(path, error);
  }
}

function safely(step: () => void): void {
  try {
    step();
  } catch {
    // cleanup after a failure: the original error is the one to report
  }
}
