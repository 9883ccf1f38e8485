// Issue 10 item 11: line reading is linear in the input and refuses a line beyond the maximum length.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@mml/core';
import { DEFAULT_MAX_LINE_LENGTH, readTextLines, readWholeTextLines } from './text-lines';

const tmp = mkdtempSync(join(tmpdir(), 'mml-text-lines-'));

async function linesOf(path: string, maxLineLength?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const { line, text } of readTextLines(path, { maxLineLength })) {
    expect(line).toBe(out.length + 1);
    out.push(text);
  }
  return out;
}

describe('readTextLines', () => {
  it('joins lines that span many read chunks, strips CR only at line ends, and keeps a last line without newline', async () => {
    const long = 'x'.repeat(300_000); // several 64 KiB chunks
    const path = join(tmp, 'spans.csv');
    writeFileSync(path, `a,b\r\n${long}\r\n\r\nmid\rdle\n${long}y`);
    expect(await linesOf(path)).toEqual(['a,b', long, '', 'mid\rdle', `${long}y`]);
    const gz = join(tmp, 'spans.csv.gz');
    writeFileSync(gz, gzipSync(`a,b\r\n${long}\r\n\r\nmid\rdle\n${long}y`));
    expect(await linesOf(gz)).toEqual(['a,b', long, '', 'mid\rdle', `${long}y`]);
  });

  it('a line longer than the maximum is a DataError naming file and line, whether or not a newline ever comes', async () => {
    const noNewline = join(tmp, 'no-newline.bin');
    writeFileSync(noNewline, 'header\n' + 'z'.repeat(3 * DEFAULT_MAX_LINE_LENGTH));
    const error = await linesOf(noNewline).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`${noNewline}, row 2: line longer than ${DEFAULT_MAX_LINE_LENGTH} characters (not a line-oriented text file, or newlines lost?)`);
    const later = join(tmp, 'later.csv');
    writeFileSync(later, 'ok\nok\n' + 'q'.repeat(101) + '\nok\n');
    await expect(linesOf(later, 100)).rejects.toThrow(`${later}, row 3: line longer than 100 characters`);
    await expect(linesOf(later, 101)).resolves.toHaveLength(4);
    // The maximum counts characters of the line itself, not its CRLF.
    const crlf = join(tmp, 'crlf.csv');
    writeFileSync(crlf, 'q'.repeat(100) + '\r\n');
    await expect(linesOf(crlf, 100)).resolves.toEqual(['q'.repeat(100)]);
  });
});

/** What readTextLines gives: the lines, then the error it stopped with (if any). */
async function streamed(path: string, maxLineLength?: number): Promise<{ lines: string[]; failure?: string }> {
  const lines: string[] = [];
  try {
    for await (const { text } of readTextLines(path, { maxLineLength })) lines.push(text);
  } catch (error) {
    return { lines, failure: (error as Error).message };
  }
  return { lines };
}

async function whole(path: string, maxLineLength?: number): Promise<{ lines: string[]; failure?: string }> {
  const read = await readWholeTextLines(path, { maxLineLength });
  read.lines.forEach((l, i) => expect(l.line).toBe(i + 1));
  return { lines: read.lines.map((l) => l.text), ...(read.failure ? { failure: read.failure.message } : {}) };
}

describe('readWholeTextLines (loadCandles reads a file whole)', () => {
  it('gives readTextLines\' lines and stops with its error: CRLF, no final newline, a long line, a truncated or damaged gzip, a missing file', async () => {
    const text = 'a,b\r\n1,2\r\n\r\nmid\rdle\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i * 7}`).join('\n') + '\nlast';
    const plain = join(tmp, 'whole.csv');
    writeFileSync(plain, text);
    const gz = join(tmp, 'whole.csv.gz');
    const zipped = gzipSync(text);
    writeFileSync(gz, zipped);
    const truncated = join(tmp, 'whole-truncated.csv.gz');
    writeFileSync(truncated, zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const damaged = join(tmp, 'whole-damaged.csv.gz');
    const bad = Buffer.from(zipped);
    bad[Math.floor(bad.length / 2)] ^= 0xff;
    writeFileSync(damaged, bad);
    const long = join(tmp, 'whole-long.csv');
    writeFileSync(long, 'ok\nok\n' + 'q'.repeat(101) + '\nok\n');
    for (const [path, max] of [[plain], [gz], [truncated], [damaged], [long, 100], [long, 101], [join(tmp, 'missing.csv')]] as [string, number?][]) {
      expect(await whole(path, max)).toEqual(await streamed(path, max));
    }
    expect((await whole(truncated)).failure).toMatch(/truncated or corrupt/);
    expect((await whole(truncated)).lines.length).toBeGreaterThan(1000);
  });
});
