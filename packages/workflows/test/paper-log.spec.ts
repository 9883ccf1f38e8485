// Issue 10 items 5-6: --resume checks before it touches anything, and locks the log.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@mml/core';
import { inspectPaperLog, resumePaperLog } from '../src/paper-log';

const START = JSON.stringify({ type: 'start', exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', format: 'fixed-spread', paperOnly: true });
const IT0 = JSON.stringify({ type: 'iteration', iteration: 0, cash: 10000, inventory: 0 });
const IT1 = JSON.stringify({ type: 'iteration', iteration: 1, cash: 9990, inventory: 0.001 });
const SAME = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1m', format: 'fixed-spread' };

function file(content: string, name = 'run.jsonl'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'paper-log-')), name);
  writeFileSync(path, content);
  return path;
}

describe('resumePaperLog', () => {
  it.each([
    ['a notes file without newline', 'notes', /not a realtime-paper log \(no complete JSON line\); left untouched/],
    ['a notes file', 'my notes\nmore notes\n', /not a realtime-paper log \(row 1 is not JSON\)/],
    ['an empty file', '', /the file is empty/],
    ['JSON that is not ours', '{"a":1}\n{"b":2}\n', /row 1 is not a paper-loop record/],
    ['our log with a damaged middle line', `${START}\n${IT0}\ngarbage\n${IT1}\n`, /row 3 is not JSON/],
    ['our log with foreign text appended', `${START}\n${IT0}\nnotes`, /its last line is not a torn paper-loop record/],
    ['a log without a start record', `${IT0}\n${IT1}\n`, /row 1 is not a start record/],
  ])('refuses %s and leaves it byte for byte as it was', (_what, content, message) => {
    const path = file(content);
    expect(() => resumePaperLog(path, SAME)).toThrow(UsageError);
    expect(() => resumePaperLog(path, SAME)).toThrow(message);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a log of another run, naming the option', () => {
    const path = file(`${START}\n${IT0}\n`);
    expect(() => resumePaperLog(path, { ...SAME, format: 'as-stable' })).toThrow(`--resume ${path}: the run used --format fixed-spread, not as-stable`);
    expect(() => resumePaperLog(path, { ...SAME, symbol: 'ETH/USDT' })).toThrow('the run used --symbol BTC/USDT, not ETH/USDT');
  });

  it('refuses a directory and a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-log-'));
    mkdirSync(join(dir, 'run.jsonl'));
    expect(() => resumePaperLog(join(dir, 'run.jsonl'), SAME)).toThrow(`--resume ${join(dir, 'run.jsonl')}: is a directory, not a realtime-paper log`);
    expect(() => resumePaperLog(join(dir, 'nope.jsonl'), SAME)).toThrow('no such file');
  });

  it('cuts only the torn last line of our own log, under the lock, and finds the last iteration', () => {
    const path = file(`${START}\n${IT0}\n${IT1}\n{"type":"iteration","itera`);
    expect(inspectPaperLog(path, SAME).tornTailBytes).toBe(26);
    expect(readFileSync(path, 'utf8')).toContain('"itera'); // inspecting changed nothing
    const resumed = resumePaperLog(path, SAME);
    expect(resumed.lastIteration).toMatchObject({ iteration: 1, cash: 9990 });
    expect(readFileSync(path, 'utf8')).toBe(`${START}\n${IT0}\n${IT1}\n`);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
    // A second resume of the same log while the first holds it is refused, naming the holder.
    expect(() => resumePaperLog(path, SAME)).toThrow(`${path} is in use by process ${process.pid}`);
    resumed.lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
