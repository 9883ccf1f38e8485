import { existsSync, mkdirSync, openSync, closeSync, writeSync, fsyncSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError } from '../errors';

/**
 * An append-only JSON-lines log. Each record is written with one write(2) of a complete line, so a
 * process killed at any moment leaves at most a torn last line, which `repairJsonLines` removes.
 */
export class JsonLinesWriter {
  private fd: number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) repairJsonLines(path);
    this.fd = openSync(path, 'a');
  }

  append(record: unknown): void {
    if (this.fd < 0) throw new Error(`${this.path}: log is closed`);
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  /** Flushes to disk (call on shutdown or at checkpoints). */
  flush(): void {
    if (this.fd >= 0) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Truncates a torn (unterminated or unparsable) last line. Returns the number of valid records kept. */
export function repairJsonLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  if (text.length === 0) return 0;
  let keepBytes = Buffer.byteLength(text, 'utf8');
  const lines = text.split('\n');
  // Everything after the final newline is an unterminated, torn record.
  const tail = lines.pop() ?? '';
  if (tail.length > 0) keepBytes -= Buffer.byteLength(tail, 'utf8');
  let valid = 0;
  for (let i = 0; i < lines.length; i++) {
    try {
      JSON.parse(lines[i]);
      valid++;
    } catch {
      if (i === lines.length - 1) {
        keepBytes -= Buffer.byteLength(lines[i], 'utf8') + 1;
      } else {
        throw new DataError({ source: path, row: i + 1 }, 'line is not valid JSON (only a torn last line can be repaired)');
      }
    }
  }
  truncateSync(path, keepBytes);
  return valid;
}

/** Reads every record of a JSON-lines file, naming the line of any bad record. */
export function readJsonLines<T = unknown>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  const out: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length === 0) continue;
    try {
      out.push(JSON.parse(lines[i]) as T);
    } catch {
      throw new DataError({ source: path, row: i + 1 }, 'line is not valid JSON');
    }
  }
  return out;
}
