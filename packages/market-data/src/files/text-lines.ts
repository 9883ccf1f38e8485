import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { DataError } from '@mml/core';

/** One line of a text file with its 1-based line number (line 1 is the header, if any). */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * Longest line accepted, in characters (1 MiB). Our data lines are under 200 characters; a longer
 * one means a file that is not line-oriented text (or lost its newlines), which would otherwise be
 * buffered whole.
 */
export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

export interface ReadTextLinesOptions {
  /** A line longer than this many characters is a DataError naming file and line. Default 1 MiB. */
  maxLineLength?: number;
}

/**
 * Streams the lines of a plain or gzipped text file (gzip detected by the `.gz` suffix), so a month
 * of bars is never held in memory. Work is linear in the input: each chunk is scanned once, and an
 * unfinished line is kept as a list of pieces that is joined once, when its newline arrives. A line
 * longer than `maxLineLength` fails with a DataError naming file and line. A damaged gzip stream
 * (e.g. a truncated download) fails with a DataError naming the file and the last line read,
 * instead of silently ending early.
 */
export async function* readTextLines(path: string, options: ReadTextLinesOptions = {}): AsyncGenerator<NumberedLine> {
  const maxLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const file = createReadStream(path);
  let stream: Readable = file;
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipeline() forwards a read error of either stage to the gunzip stream we iterate.
    pipeline(file, gunzip, () => undefined);
    stream = gunzip;
  }
  stream.setEncoding('utf8');
  // The unfinished line: pieces from earlier chunks, never rescanned, joined once.
  let pieces: string[] = [];
  let pendingLength = 0;
  let line = 0;
  const tooLong = () => new DataError({ source: path, row: line + 1 }, `line longer than ${maxLength} characters (not a line-oriented text file, or newlines lost?)`);
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      let newline = chunk.indexOf('\n');
      while (newline !== -1) {
        if (pendingLength + (newline - start) > maxLength + 1) throw tooLong(); // + 1: a trailing \r
        let text = chunk.slice(start, newline);
        if (pieces.length > 0) {
          pieces.push(text);
          text = pieces.join('');
          pieces = [];
          pendingLength = 0;
        }
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (text.length > maxLength) throw tooLong();
        line++;
        yield { line, text };
        start = newline + 1;
        newline = chunk.indexOf('\n', start);
      }
      if (start < chunk.length) {
        pendingLength += chunk.length - start;
        if (pendingLength > maxLength + 1) throw tooLong();
        pieces.push(start === 0 ? chunk : chunk.slice(start));
      }
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError({ source: path, row: line + 1 }, `cannot read file (${reason}); is it truncated or corrupt?`);
  } finally {
    file.destroy();
  }
  if (pieces.length > 0) {
    let text = pieces.join('');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.length > maxLength) throw tooLong();
    line++;
    yield { line, text };
  }
}

/** All the lines of a text file, and the error reading it stopped at (thrown after those lines). */
export interface WholeTextLines {
  lines: NumberedLine[];
  failure?: DataError;
}

const gunzipAsync = promisify(gunzip);

/**
 * The lines of a plain or gzipped text file read whole, for callers that keep every line anyway
 * (loadCandles): the file is read and decompressed on libuv's thread pool (off the JS thread),
 * then split in one synchronous pass, with no await per line. The lines, their numbers and the
 * errors are readTextLines': a line longer than `maxLineLength`, or a damaged gzip stream after
 * the lines that could be decompressed before the damage, end the lines with `failure` (the same
 * DataError readTextLines throws at that point), which the caller throws once it has handled the
 * lines before it.
 */
export async function readWholeTextLines(path: string, options: ReadTextLinesOptions = {}): Promise<WholeTextLines> {
  const maxLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let text: string;
  let damage: Error | undefined;
  try {
    const raw = await readFile(path);
    if (!path.endsWith('.gz')) text = raw.toString('utf8');
    else {
      try {
        text = (await gunzipAsync(raw)).toString('utf8');
      } catch (error) {
        // What a stream would have delivered before the damage (the lines readTextLines yields first).
        damage = error as Error;
        text = await partialGunzip(raw);
      }
    }
  } catch (error) {
    return { lines: [], failure: unreadable(path, 1, error) };
  }
  const lines: NumberedLine[] = [];
  const tooLong = (line: number) => new DataError({ source: path, row: line }, `line longer than ${maxLength} characters (not a line-oriented text file, or newlines lost?)`);
  let start = 0;
  while (start < text.length) {
    let newline = text.indexOf('\n', start);
    // A damaged stream's unfinished last line is not a line (readTextLines fails before it).
    if (newline === -1 && damage !== undefined) break;
    if (newline === -1) newline = text.length;
    let line = text.slice(start, newline);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > maxLength) return { lines, failure: tooLong(lines.length + 1) };
    lines.push({ line: lines.length + 1, text: line });
    start = newline + 1;
  }
  return damage === undefined ? { lines } : { lines, failure: unreadable(path, lines.length + 1, damage) };
}

function unreadable(path: string, row: number, error: unknown): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError({ source: path, row }, `cannot read file (${reason}); is it truncated or corrupt?`);
}

/** The text a damaged gzip stream gives before its error (what readTextLines' stream delivers). */
function partialGunzip(raw: Buffer): Promise<string> {
  const chunks: Buffer[] = [];
  const gunzipStream = createGunzip();
  return new Promise<string>((resolve) => {
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    gunzipStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    gunzipStream.on('error', done);
    gunzipStream.on('end', done);
    gunzipStream.end(raw);
  });
}
