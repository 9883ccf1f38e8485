import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CaptureLineResult } from './capture-line';

export interface CaptureRecorderOptions {
  /**
   * Write gzip (one gzip member per flush; readers decompress concatenated members as one stream).
   * Default false: plain text, one write per line.
   */
  gzip?: boolean;
  /** gzip only: how often buffered lines are compressed and written (default 1000 ms). */
  flushMs?: number;
}

export interface CaptureRecorderStats {
  /** Capture lines written (market data and REST depth snapshots). */
  lines: number;
  /** Subscription replies skipped (not market data). */
  replies: number;
  /** Garbage frames skipped (not JSON, or not market data). */
  garbage: number;
}

/**
 * Appends capture lines (`<local receive time ns> <JSON>`, the ../shared/data/ticks format) to a
 * file as they arrive, so a paper session is also a tick dataset that the tick readers, `make
 * check-book` and the backtest read as they read the shared captures.
 *
 * Crash safety: plain text (the default) writes each line with one write call before returning, so
 * after a SIGKILL the file holds every line recorded up to the kill, each complete (the OS has
 * them; a power loss is another matter). Opening an existing file appends (a resumed session) after
 * cutting an unfinished last line, should one exist. gzip writes one gzip member per flush (every
 * `flushMs`): smaller, but a SIGKILL loses the lines of the last interval (the file stays valid).
 */
export class CaptureRecorder {
  readonly stats: CaptureRecorderStats = { lines: 0, replies: 0, garbage: 0 };
  private fd: number | undefined;
  private pending: string[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly path: string,
    private readonly options: CaptureRecorderOptions = {},
  ) {
    const flushMs = options.flushMs ?? 1000;
    if (!(flushMs > 0)) throw new RangeError(`flushMs must be > 0, got ${flushMs}`);
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a+');
    if (!options.gzip) cutUnfinishedLine(this.fd);
    if (options.gzip) {
      this.timer = setInterval(() => this.flush(), flushMs);
      this.timer.unref();
    }
  }

  /** Writes a data line; counts replies and garbage (never written). */
  record(capture: CaptureLineResult): void {
    if (capture.kind === 'reply') this.stats.replies++;
    else if (capture.kind === 'garbage') this.stats.garbage++;
    else this.writeLine(capture.line);
  }

  writeLine(line: string): void {
    if (this.fd === undefined) throw new Error(`capture ${this.path} is closed`);
    this.stats.lines++;
    if (this.options.gzip) this.pending.push(line + '\n');
    else writeAll(this.fd, line + '\n');
  }

  /** gzip: compresses and writes the buffered lines as one member (plain: every line is already written). */
  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const member = gzipSync(this.pending.join(''));
    this.pending = [];
    writeAll(this.fd, member);
  }

  close(): void {
    if (this.fd === undefined) return;
    if (this.timer) clearInterval(this.timer);
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeAll(fd: number, data: string | Buffer): void {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** A plain capture killed mid-write could end in a partial line: cut it so appending continues cleanly. */
function cutUnfinishedLine(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const tail = Buffer.alloc(Math.min(size, 1 << 20));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  if (tail[tail.length - 1] === 0x0a) return;
  const lastNewline = tail.lastIndexOf(0x0a);
  ftruncateSync(fd, lastNewline < 0 ? size - tail.length : size - tail.length + lastNewline + 1);
}
