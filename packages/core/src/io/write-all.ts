import { ArtifactWriteError } from '../errors';
import type { FileOps } from './file-ops';

const DESCRIPTIONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
};

/**
 * write(2) may write fewer bytes than asked (a filling disk, a signal): loop until every byte is
 * written. A failure, or a write that makes no progress, throws an ArtifactWriteError naming the
 * path, the OS code and how much was written.
 */
export function writeAll(ops: FileOps, fd: number, data: Uint8Array, path: string): void {
  let offset = 0;
  while (offset < data.length) {
    let written: number;
    try {
      written = ops.writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      throw toWriteError(path, error, `wrote ${offset} of ${data.length} bytes`);
    }
    // A write that accepts nothing would loop forever: a full disk that does not say so.
    if (!(written > 0)) throw new ArtifactWriteError(path, 'ENOSPC', `${DESCRIPTIONS['ENOSPC']}: a write made no progress after ${offset} of ${data.length} bytes`);
    offset += written;
  }
}

/** Any failure to create or write `path` as an ArtifactWriteError (kept as is when it already is one). */
export function toWriteError(path: string, error: unknown, context = ''): ArtifactWriteError {
  if (error instanceof ArtifactWriteError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? 'EIO';
  const detail = [DESCRIPTIONS[code] ?? (error instanceof Error ? error.message : String(error)), context].filter((part) => part.length > 0).join(': ');
  return new ArtifactWriteError(path, code, detail);
}

/**
 * mkdir -p of `dir` for writing `path`. A component that exists but is a file makes mkdir fail
 * with EEXIST; report it as what it is, ENOTDIR.
 */
export function makeParentDir(ops: FileOps, dir: string, path: string): void {
  try {
    ops.mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ArtifactWriteError(path, 'ENOTDIR', `${DESCRIPTIONS['ENOTDIR']}: ${dir}`);
    throw toWriteError(path, error);
  }
}
