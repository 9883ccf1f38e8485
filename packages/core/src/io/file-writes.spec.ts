// Full-disk behaviour of the writers, with a fake file system that does what a filling disk does:
// short writes first, then ENOSPC.
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactWriteError } from '../errors';
import { writeFileAtomic } from './atomic-file';
import { nodeFileOps, type FileOps } from './file-ops';
import { JsonLinesWriter, readJsonLines } from './json-lines';

/** Real fs, but each write takes at most `chunk` bytes and the disk holds only `capacity` more bytes. */
function fillingDisk(capacity: number, chunk = 7): FileOps & { written: () => number } {
  let written = 0;
  const writeSync = ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
    if (written >= capacity) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = Math.min(length, chunk, capacity - written);
    written += n;
    return fs.writeSync(fd, buffer, offset, n);
  }) as FileOps['writeSync'];
  return { ...nodeFileOps, writeSync, written: () => written };
}

describe('writeFileAtomic on a filling disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mml-core-full-'));

  it('continues short writes until the whole file is written', () => {
    const path = join(dir, 'complete.html');
    const text = '<svg>' + 'x'.repeat(500) + '</svg>\n';
    writeFileAtomic(path, text, fillingDisk(10_000, 13));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('never renames a short file: ENOSPC is named, the previous artifact is intact, no temp file is left', () => {
    const path = join(dir, 'report.html');
    writeFileSync(path, 'previous report\n');
    const error = (() => {
      try {
        writeFileAtomic(path, '<svg>' + 'x'.repeat(1000) + '</svg>\n', fillingDisk(400));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ArtifactWriteError);
    expect((error as Error).message).toBe(`cannot write ${path}: ENOSPC (no space left on device: wrote 400 of 1012 bytes)`);
    expect(readFileSync(path, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the code when the directory cannot be created (ENOTDIR)', () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    expect(() => writeFileAtomic(join(dir, 'plain-file', 'summary.json'), '{}')).toThrow(/cannot write .*plain-file\/summary.json: ENOTDIR \(a parent is not a directory/);
  });
});

describe('JsonLinesWriter on a filling disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mml-core-jsonl-'));

  it('writes a record across short writes as one whole line', () => {
    const path = join(dir, 'short.jsonl');
    const log = new JsonLinesWriter(path, fillingDisk(10_000, 5));
    log.append({ type: 'iteration', iteration: 0, mid: 27000.5 });
    log.append({ type: 'iteration', iteration: 1, mid: 27001.5 });
    log.close();
    expect(readJsonLines(path)).toEqual([{ type: 'iteration', iteration: 0, mid: 27000.5 }, { type: 'iteration', iteration: 1, mid: 27001.5 }]);
  });

  it('on ENOSPC mid-record throws naming ENOSPC and cuts the partial line, keeping every earlier line', () => {
    const path = join(dir, 'full.jsonl');
    const log = new JsonLinesWriter(path, fillingDisk(60, 8));
    log.append({ type: 'start', n: 1 }); // 23 bytes
    expect(() => log.append({ type: 'iteration', payload: 'y'.repeat(80) })).toThrow(/cannot write .*full.jsonl: ENOSPC/);
    log.close();
    expect(readFileSync(path, 'utf8')).toBe('{"type":"start","n":1}\n');
  });

  it('refuses to append after a torn last line and leaves the file untouched', () => {
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":');
    expect(() => new JsonLinesWriter(path)).toThrow(/torn.jsonl: ends with an unterminated line/);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"a":');
    expect(existsSync(path)).toBe(true);
  });
});
