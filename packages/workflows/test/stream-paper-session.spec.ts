import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { UsageError } from '@mml/core';
import { openSession, replayPaperSession } from '../src/stream-paper/replay-paper';
import { runRealtimePaper } from '../src/realtime-paper';
import { runStreamPaper, type StreamPaperOptions } from '../src/stream-paper/stream-paper-session';
import { captureReplaySource, type StreamItem, type StreamSource } from '../src/stream-paper/stream-source';
import { captureLines, haveUsdmCapture, USDM_CAPTURE, usdmSpec } from './stream-capture.test-helpers';

type Line = Record<string, unknown> & { type: string };
const readLog = (path: string): Line[] => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** A source that emits the given items, then stays open (silent) until unsubscribed. */
function silentAfter(items: StreamItem[]): StreamSource {
  return { items$: new Observable<StreamItem>((s) => void items.forEach((i) => s.next(i))) };
}

(haveUsdmCapture ? describe : describe.skip)('stream paper session (capture replayed as the live source)', () => {
  const spec = usdmSpec('glft');
  let capture: string;
  let lines: string[];
  beforeAll(async () => {
    // 11,000 lines: the book's snapshot, then glft's first fills (lines 10236 and 10238).
    lines = await captureLines(USDM_CAPTURE, 11_000);
    capture = join(mkdtempSync(join(tmpdir(), 'stream-session-')), 'source.txt');
    writeFileSync(capture, lines.join('\n') + '\n');
  }, 60_000);

  const base = (out: string): StreamPaperOptions => ({
    exchange: spec.exchange,
    symbol: spec.symbol,
    format: spec.format,
    budget: spec.budget,
    seed: spec.seed,
    instrument: spec.instrument,
    market: spec.market,
    engineConfig: spec.engineConfig,
    artifactsRoot: out,
    statusEveryMs: 0,
    staleMs: 60_000,
  });

  it('records every line, logs each fill as it happens, and replays to the same fills, equity and attribution', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stream-session-'));
    const result = await runStreamPaper({ ...base(out), openSource: () => captureReplaySource(capture) });
    expect(result).toMatchObject({ lines: 11_000, stoppedBy: 'source-end' });
    expect(result.fills).toBeGreaterThan(0);
    expect(readFileSync(result.capturePath, 'utf8')).toBe(lines.join('\n') + '\n');
    const log = readLog(result.logPath);
    expect(log[0]).toMatchObject({ type: 'start', mode: 'stream', spec: { format: 'glft', market: 'futures' }, paperOnly: true });
    expect(log[log.length - 1]).toMatchObject({ type: 'stop', reason: 'source-end', lines: 11_000, fills: result.fills });
    const replay = await replayPaperSession(openSession(result.runDir));
    expect(replay.fillsIdentical).toBe(true);
    expect(replay.fills).toHaveLength(result.fills);
    expect(replay.final).toMatchObject({ equityIdentical: true, attributionIdentical: true });
    // A stream session is not resumed by the poll loop (nor a poll log by a stream session).
    const poll = { exchange: spec.exchange, symbol: spec.symbol, timeframe: '1m', iterations: 1, intervalMs: 0, format: spec.format, budget: spec.budget, seed: spec.seed, artifactsRoot: out, resume: result.logPath };
    await expect(runRealtimePaper({ ...poll, source: { time: async () => 0, fetchCandles: async () => [], fetchOrderBook: async () => ({ kind: 'book', ts: 0, bids: [], asks: [] }) } })).rejects.toThrow(/a stream-mode session; resume it with --mode stream/);
  });

  it('your fee tier (--maker-fee-bps / --taker-fee-bps) is charged per simulated fill and recorded in the spec, so the replay charges the same', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stream-session-'));
    const result = await runStreamPaper({ ...base(out), makerFeeBps: -1, takerFeeBps: 4, openSource: () => captureReplaySource(capture) });
    const log = readLog(result.logPath);
    expect(log[0]).toMatchObject({ type: 'start', spec: { instrument: { makerFee: '-0.0001', takerFee: '0.0004' } } });
    const fills = log.filter((l) => l.type === 'fill') as unknown as Array<{ liquidity: string; fee: number; price: number; size: number }>;
    const makers = fills.filter((f) => f.liquidity === 'maker');
    expect(makers.length).toBeGreaterThan(0);
    // A 1 bp rebate on every maker fill: a negative fee of price x size x 0.0001.
    for (const f of makers) expect(f.fee).toBeCloseTo(-f.price * f.size * 0.0001, 6);
    const replay = await replayPaperSession(openSession(result.runDir));
    expect(replay.fillsIdentical).toBe(true);
  }, 60_000);

  it('--resume logs the fills a kill cut off (none lost, none twice) and refuses a log its capture does not reproduce', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stream-session-'));
    const first = await runStreamPaper({ ...base(out), openSource: () => captureReplaySource(capture) });
    const full = readFileSync(first.logPath, 'utf8').split('\n').filter(Boolean);
    // As a SIGKILL would leave it: the capture holds every line, the log lacks the last fill and the stop.
    const lastFill = full.map((l) => JSON.parse(l) as Line).map((l) => l.type).lastIndexOf('fill');
    const killed = full.slice(0, lastFill).join('\n') + '\n';
    writeFileSync(first.logPath, killed);
    const done = new AbortController();
    const resumed = await runStreamPaper({ ...base(out), resume: first.logPath, signal: done.signal, openSource: () => ({ items$: new Observable<StreamItem>(() => void setTimeout(() => done.abort(), 50)) }) });
    expect(resumed).toMatchObject({ stoppedBy: 'signal', fills: first.fills });
    const log = readLog(first.logPath);
    expect(log.find((l) => l.type === 'resume')).toMatchObject({ fromLine: 11_001, replayedFills: first.fills, recoveredFills: 1 });
    const fills = log.filter((l) => l.type === 'fill');
    expect(fills.map((f) => f['n'])).toEqual(fills.map((_, i) => i));
    expect(fills).toHaveLength(first.fills);

    // A logged fill the capture does not reproduce: refused, naming the fill; nothing appended.
    const tampered = readFileSync(first.logPath, 'utf8').replace(/"type":"fill","n":0,"ts":(\d+),"side":"(buy|sell)","price":([\d.]+)/, (_m, ts, side, price) => `"type":"fill","n":0,"ts":${ts},"side":"${side}","price":${Number(price) + 1}`);
    writeFileSync(first.logPath, tampered);
    await expect(runStreamPaper({ ...base(out), resume: first.logPath, openSource: () => silentAfter([]) })).rejects.toThrow(UsageError);
    await expect(runStreamPaper({ ...base(out), resume: first.logPath, openSource: () => silentAfter([]) })).rejects.toThrow(/logged fill 0 .* differs from the capture's replay/);
    expect(readFileSync(first.logPath, 'utf8')).toBe(tampered);
  });

  it('a silent stream is one stale fault; a source error is a disconnect retried with backoff; the abort stops with a stop line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stream-session-'));
    const done = new AbortController();
    let opened = 0;
    const openSource = (): StreamSource => {
      opened++;
      if (opened === 1) return { items$: new Observable<StreamItem>((s) => void setTimeout(() => s.error(new Error('connection reset')), 5)) };
      return silentAfter(lines.slice(0, 100).map((line) => ({ type: 'line' as const, line })));
    };
    // Stop once the silence after the 100 lines was reported, plus a few more stale checks (every
    // 50 ms) that must not report it again: driven by the session's own events, not a fixed time.
    const onStatus = (line: string) => {
      if (opened === 2 && line.startsWith('fault stale')) setTimeout(() => done.abort(), 200);
    };
    const result = await runStreamPaper({ ...base(out), staleMs: 100, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 }, signal: done.signal, openSource, onStatus });
    expect(result).toMatchObject({ stoppedBy: 'signal', lines: 100 });
    const faults = readLog(result.logPath).filter((l) => l.type === 'fault');
    expect(faults.filter((f) => f['kind'] === 'disconnect')).toEqual([expect.objectContaining({ attempt: 1, retryInMs: 10, gaveUp: false, message: 'Error: connection reset' })]);
    // One stale fault per silence: the one after the lines. (A loaded machine may also be silent
    // for > 100 ms before the first line arrives: at most one fault for that silence too.)
    const stale = faults.filter((f) => f['kind'] === 'stale');
    expect(stale.filter((f) => f['line'] === 100)).toHaveLength(1);
    expect(stale.filter((f) => f['line'] === 0).length).toBeLessThanOrEqual(1);
    expect(stale).toHaveLength(stale.filter((f) => f['line'] === 100 || f['line'] === 0).length);
    expect(readLog(result.logPath).pop()).toMatchObject({ type: 'stop', reason: 'signal' });
  });

  it('replay-paper / paper-status name what they cannot use: no session, a poll-mode log, a missing capture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-session-'));
    expect(() => openSession(join(dir, 'nope'), dir)).toThrow(/no stream paper session there/);
    const poll = join(dir, 'poll.jsonl');
    writeFileSync(poll, '{"type":"start","exchange":"binance","symbol":"BTC/USDT","timeframe":"1m","format":"as-stable","paperOnly":true}\n');
    expect(() => openSession(poll, dir)).toThrow(/not a stream paper session log/);
    const noCapture = join(dir, 'paper.jsonl');
    writeFileSync(noCapture, '{"type":"start","mode":"stream","capture":"capture.txt","paperOnly":true}\n');
    expect(() => openSession(dir, dir)).toThrow(/capture .*capture\.txt is missing/);
  });

  it('durationMs bounds the session (wall time)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stream-session-'));
    const started = Date.now();
    const result = await runStreamPaper({ ...base(out), durationMs: 300, openSource: () => silentAfter([]) });
    expect(result.stoppedBy).toBe('duration');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(readLog(result.logPath).pop()).toMatchObject({ type: 'stop', reason: 'duration', lines: 0 });
  });
});
