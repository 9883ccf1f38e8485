import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@mml/core';
import { DEFAULT_GATES, judgeRow, type RunSummary } from '@mml/reports';
import { codeVersion } from '../cli-support';
import { writeRunReport } from '../run-report';
import { downsample, downsampleCurve } from '../backtest-task';
import { openSession, replayPaperSession, type ReplayedSession } from './replay-paper';
import { sessionStatus, statusLine } from './session-status';
import { SESSION_LOG } from './stream-paper-session';

export interface PaperStatus {
  runDir: string;
  /** 'running' (its lock is held by a live process), 'stopped' (a stop record ends it) or 'interrupted' (killed: resume it). */
  state: 'running' | 'stopped' | 'interrupted';
  lines: string[];
  reportPath: string;
  replay: ReplayedSession;
}

/** The newest stream session under `<artifactsRoot>/realtime/` (run ids sort by time). */
export function latestSession(artifactsRoot: string): string {
  const dir = join(artifactsRoot, 'realtime');
  const runs = existsSync(dir) ? readdirSync(dir).filter((name) => name !== 'latest' && existsSync(join(dir, name, SESSION_LOG))).sort() : [];
  if (runs.length === 0) throw new UsageError(`no stream paper session under ${dir} (start one with make realtime-paper)`);
  return join(dir, runs[runs.length - 1]);
}

/**
 * The summary of a running or finished session, from its log (state, uptime, faults by kind) and
 * the replay of its capture (fills, inventory, PnL attribution, uptime per side: the same numbers
 * the session has, rebuilt exactly), plus its HTML report with the backtests' charts (equity,
 * inventory, quotes and fills) in the session directory.
 */
export async function paperStatus(run: string | undefined, artifactsRoot = 'artifacts', now: () => number = Date.now): Promise<PaperStatus> {
  const files = openSession(run ?? latestSession(artifactsRoot), artifactsRoot);
  const replay = await replayPaperSession(files);
  const records = files.records;
  const last = records[records.length - 1];
  const state: PaperStatus['state'] = last?.type === 'stop' ? 'stopped' : lockHeld(files.logPath) ? 'running' : 'interrupted';

  // Uptime: each process's span, from its start/resume record to its stop (or last) record.
  let uptimeMs = 0;
  let segmentStart: number | undefined;
  let lastTs: number | undefined;
  for (const r of records) {
    const ts = typeof r['ts'] === 'number' ? r['ts'] : undefined;
    if (r.type === 'start' || r.type === 'resume') {
      if (segmentStart !== undefined && lastTs !== undefined) uptimeMs += lastTs - segmentStart;
      segmentStart = ts;
    }
    if (ts !== undefined) lastTs = ts;
  }
  if (segmentStart !== undefined) uptimeMs += (state === 'running' ? now() : (lastTs ?? segmentStart)) - segmentStart;

  const faultCounts = new Map<string, number>();
  for (const r of records) if (r.type === 'fault') faultCounts.set(String(r['kind']), (faultCounts.get(String(r['kind'])) ?? 0) + 1);
  const faults = [...faultCounts].map(([kind, n]) => `${kind} ${n}`).join(', ');
  const status = sessionStatus(replay.pipeline);
  const m = replay.result.metrics;
  const a = replay.result.attribution;
  const spec = files.spec;
  const runId = files.runDir.split(/[\\/]/).pop() ?? files.runDir;

  const summary: RunSummary = {
    app: 'realtime-paper',
    title: `Paper session ${runId}: ${spec.format} on ${spec.exchange} ${spec.symbol} (stream)`,
    codeVersion: codeVersion(),
    inputs: { mode: 'stream', exchange: spec.exchange, symbol: spec.symbol, format: spec.format, budget: spec.budget, seed: spec.seed, engineConfig: spec.engineConfig, instrument: spec.instrument, capture: files.capturePath, state, faults: Object.fromEntries(faultCounts) },
    data: { source: files.capturePath, symbol: spec.symbol, timeframe: 'tick', startTs: m.startTs, endTs: m.endTs, events: m.events },
    formats: { [spec.format]: spec.formatConfig ?? {} },
    seeds: { master: spec.seed },
    gates: { ...DEFAULT_GATES },
    rows: [judgeRow({ format: spec.format, budget: spec.budget, metrics: m, attribution: a, breakEvenMakerFeeBps: replay.result.breakEvenMakerFeeBps })],
  };
  // The 2000 charted rows only, read from the engine's series: the session's whole curve is never built.
  const equityCurve = downsampleCurve(replay.result, 2000);
  const fills = downsample(replay.fills, 2000).map((f) => ({ ts: f.ts, side: f.side, price: f.price, size: f.size }));
  const reportPath = await writeRunReport(files.runDir, summary, [
    { format: spec.format, label: `${spec.format} (paper)`, metrics: m, equityCurve, fills },
  ]);

  const lines = [
    `session ${runId}: ${spec.format} on ${spec.exchange} ${spec.symbol}, ${state}${last?.type === 'stop' ? ` (${String(last['reason'])})` : ''}, uptime ${duration(uptimeMs)}, ${replay.lines} lines captured`,
    statusLine(status),
    `pnl ${signed(m.pnl)} = spread capture ${signed(a.spreadCapture)} + inventory ${signed(a.inventoryPnl)} - fees ${a.fees.toFixed(2)} - liquidation ${a.liquidationCost.toFixed(2)}; hedged ${signed(a.hedgedPnl)}`,
    `fills ${replay.fills.length} (${m.buyFills} buys / ${m.sellFills} sells; ${replay.logged.length} logged${replay.fillsIdentical ? '' : `, DIFFERENT from the replay at fill ${replay.firstDifference}`}); inventory ${status.inventory}`,
    `uptime per side: bid ${(m.bidUptime * 100).toFixed(1)}%, ask ${(m.askUptime * 100).toFixed(1)}%`,
    `faults: ${faults === '' ? 'none' : faults}`,
    `report: ${reportPath}`,
  ];
  return { runDir: files.runDir, state, lines, reportPath, replay };
}

function lockHeld(logPath: string): boolean {
  const lock = `${logPath}.lock`;
  if (!existsSync(lock)) return false;
  try {
    const pid = Number(JSON.parse(readFileSync(lock, 'utf8')).pid);
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(min).padStart(2, '0')}m` : `${min}m${String(s % 60).padStart(2, '0')}s`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}
