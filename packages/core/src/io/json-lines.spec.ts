import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLinesWriter, readJsonLines, repairJsonLines, writeFileAtomic } from './index';

describe('JSON lines and atomic files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mml-core-io-'));

  it('appends whole lines and repairs a torn last line', () => {
    const path = join(dir, 'log.jsonl');
    const log = new JsonLinesWriter(path);
    log.append({ i: 1 });
    log.append({ i: 2 });
    log.close();
    appendFileSync(path, '{"i":3, "tor');
    expect(repairJsonLines(path)).toBe(2);
    expect(readJsonLines(path)).toEqual([{ i: 1 }, { i: 2 }]);
    const again = new JsonLinesWriter(path);
    again.append({ i: 3 });
    again.close();
    expect(readJsonLines(path)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it('names the line of a corrupt record', () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, '{"a":1}\nnot json\n{"a":2}\n');
    expect(() => readJsonLines(path)).toThrow(/bad.jsonl, row 2/);
    expect(() => repairJsonLines(path)).toThrow(/row 2/);
  });

  it('writes atomically, replacing the whole file', () => {
    const path = join(dir, 'sub', 'summary.json');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
  });
});
