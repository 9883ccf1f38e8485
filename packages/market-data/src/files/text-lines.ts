import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from '@mml/core';

/** One line of a text file with its 1-based line number (line 1 is the header, if any). */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * Streams the lines of a plain or gzipped text file (gzip detected by the `.gz` suffix), so a month
 * of bars is never held in memory. A damaged gzip stream (e.g. a truncated download) fails with a
 * DataError naming the file and the last line read, instead of silently ending early.
 */
export async function* readTextLines(path: string): AsyncGenerator<NumberedLine> {
  const file = createReadStream(path);
  let stream: Readable = file;
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipeline() forwards a read error of either stage to the gunzip stream we iterate.
    pipeline(file, gunzip, () => undefined);
    stream = gunzip;
  }
  stream.setEncoding('utf8');
  let pending = '';
  let line = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      pending += chunk;
      let start = 0;
      let newline = pending.indexOf('\n', start);
      while (newline !== -1) {
        line++;
        const end = newline > start && pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        yield { line, text: pending.slice(start, end) };
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError({ source: path, row: line + 1 }, `cannot read file (${reason}); is it truncated or corrupt?`);
  } finally {
    file.destroy();
  }
  if (pending.length > 0) {
    line++;
    yield { line, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
  }
}

/** Parses a decimal field strictly: empty, NaN, Infinity and trailing junk are errors. */
export function parseNumberField(text: string | undefined, source: string, row: number, field: string): number {
  if (text === undefined || text.trim() === '') throw new DataError({ source, row, field }, 'missing value');
  const value = Number(text);
  if (!Number.isFinite(value)) throw new DataError({ source, row, field }, `not a finite number: "${text}"`);
  return value;
}
