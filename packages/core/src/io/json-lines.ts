import { closeSync, openSync, readFileSync, readSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { ArtifactWriteError, DataError } from '../errors';
import { nodeFileOps, type FileOps } from './file-ops';
import { makeParentDir, toWriteError, writeAll } from './write-all';

/**
 * An append-only JSON-lines log. Each record is one complete line, written in full (short writes
 * are continued) so a process killed at any moment leaves at most a torn last line, which
 * `repairJsonLines` removes. A write that fails part-way (ENOSPC) is cut back off the file before
 * the ArtifactWriteError is thrown, so the log never holds a torn line in its middle.
 *
 * Opening never modifies an existing file: one that ends in a torn line is refused (repair it
 * first, after checking it is the log you think it is).
 */
export class JsonLinesWriter {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly ops: FileOps = nodeFileOps,
  ) {
    try {
      makeParentDir(ops, dirname(path), path);
      this.fd = ops.openSync(path, 'a');
      this.size = ops.fstatSync(this.fd).size;
    } catch (error) {
      throw toWriteError(path, error);
    }
    if (this.size > 0 && !endsWithNewline(path, this.size)) {
      ops.closeSync(this.fd);
      throw new DataError({ source: path }, 'ends with an unterminated line: not appending after it (repair the log first)');
    }
  }

  append(record: unknown): void {
    if (this.fd < 0) throw new Error(`${this.path}: log is closed`);
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    try {
      writeAll(this.ops, this.fd, line, this.path);
    } catch (error) {
      // Leave only whole lines behind: cut what this record managed to write.
      try {
        this.ops.ftruncateSync(this.fd, this.size);
      } catch {
        // the log then ends in a torn line, which repairJsonLines removes on resume
      }
      throw error instanceof ArtifactWriteError ? error : toWriteError(this.path, error);
    }
    this.size += line.length;
  }

  /** Flushes to disk (call on shutdown or at checkpoints). */
  flush(): void {
    if (this.fd >= 0) this.ops.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      this.ops.fsyncSync(fd);
    } finally {
      this.ops.closeSync(fd);
    }
  }
}

function endsWithNewline(path: string, size: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** What a JSON-lines file holds, read without modifying it. */
export interface JsonLinesInspection<T = unknown> {
  /** The records of every complete, valid line. */
  records: T[];
  /** Bytes of a torn last line (unterminated, or terminated but not valid JSON); 0 when none. */
  tornTailBytes: number;
  /** Size of the file in bytes. */
  size: number;
}

/**
 * Reads a JSON-lines file without touching it: every line but the last must be valid JSON (else a
 * DataError names the row); a torn last line is reported, not removed.
 */
export function inspectJsonLines<T = unknown>(path: string): JsonLinesInspection<T> {
  const buffer = readFileSync(path);
  const text = buffer.toString('utf8');
  const lines = text.split('\n');
  const tail = lines.pop() ?? ''; // after the final newline: an unterminated record, if not empty
  const records: T[] = [];
  let tornTailBytes = Buffer.byteLength(tail, 'utf8');
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]) as T);
    } catch {
      if (i === lines.length - 1 && tail.length === 0) {
        tornTailBytes = Buffer.byteLength(lines[i], 'utf8') + 1;
      } else {
        throw new DataError({ source: path, row: i + 1 }, 'line is not valid JSON (only a torn last line can be repaired)');
      }
    }
  }
  return { records, tornTailBytes, size: buffer.length };
}

/** Truncates a torn (unterminated or unparsable) last line. Returns the number of valid records kept. */
export function repairJsonLines(path: string): number {
  const { records, tornTailBytes, size } = inspectJsonLines(path);
  if (tornTailBytes > 0) truncateSync(path, size - tornTailBytes);
  return records.length;
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
