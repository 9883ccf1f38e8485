import { closeSync, existsSync, openSync, readSync, statSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError } from '@mml/core';
import { nodeFileOps, writeAll } from '@mml/core/io';
import { mkdirSync } from 'node:fs';

/**
 * The session's capture: every received line (`<local receive time> <JSON>`), appended as received
 * and written through (one write per line, no buffer), so it is on disk before anything is derived
 * from it. A process killed at any moment leaves at most a torn last line, which `repairCapture`
 * cuts before a resume. Plain text (not gzip): a killed gzip stream cannot be appended to.
 */
export class CaptureAppender {
  private fd: number;
  lines = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  append(line: string): void {
    if (this.fd < 0) throw new Error(`${this.path}: capture is closed`);
    writeAll(nodeFileOps, this.fd, Buffer.from(line + '\n', 'utf8'), this.path);
    this.lines++;
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      nodeFileOps.fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Cuts an unterminated last line (a kill mid-write); returns the bytes cut. */
export function repairCapture(path: string): number {
  if (!existsSync(path)) throw new DataError({ source: path }, 'the session capture is missing');
  const size = statSync(path).size;
  if (size === 0) return 0;
  const fd = openSync(path, 'r');
  let keep = size;
  try {
    const chunk = Buffer.alloc(Math.min(size, 1 << 20));
    // Scan back from the end to the last newline.
    let pos = size;
    for (;;) {
      const start = Math.max(0, pos - chunk.length);
      readSync(fd, chunk, 0, pos - start, start);
      const at = chunk.subarray(0, pos - start).lastIndexOf(0x0a);
      if (at >= 0) {
        keep = start + at + 1;
        break;
      }
      if (start === 0) {
        keep = 0;
        break;
      }
      pos = start;
    }
  } finally {
    closeSync(fd);
  }
  if (keep < size) truncateSync(path, keep);
  return size - keep;
}
