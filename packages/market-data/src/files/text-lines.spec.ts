// Issue 10 item 11: line reading is linear in the input and refuses a line beyond the maximum length.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@mml/core';
import { DEFAULT_MAX_LINE_LENGTH, readTextLines } from './text-lines';

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
