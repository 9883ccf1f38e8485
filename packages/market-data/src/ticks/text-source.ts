import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from '@mml/core';
import { openZipEntry } from './zip-entry';

/**
 * The lines of a plain, gzipped (`.gz`) or single-entry zipped (`.zip`) text file, streamed, with
 * 1-based line numbers. A damaged or truncated archive fails with a DataError naming the file and
 * the line reached, never an early silent end.
 */
export async function* readArchiveLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  let stream: Readable;
  let file: Readable | undefined;
  if (path.endsWith('.zip')) {
    stream = (await openZipEntry(path)).stream;
  } else {
    file = createReadStream(path);
    stream = file;
    if (path.endsWith('.gz')) {
      const gunzip = createGunzip();
      pipeline(file, gunzip, () => undefined);
      stream = gunzip;
    }
  }
  stream.setEncoding('utf8');
  let pending = '';
  let line = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      pending += chunk;
      let start = 0;
      let newline = pending.indexOf('\n');
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
    if (error instanceof DataError) throw new DataError({ source: path, row: line + 1 }, error.message.replace(`${path}: `, ''));
    throw new DataError({ source: path, row: line + 1 }, `cannot read file (${error instanceof Error ? error.message : String(error)}); is it truncated or corrupt?`);
  } finally {
    file?.destroy();
    stream.destroy();
  }
  if (pending.length > 0) yield { line: line + 1, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}
