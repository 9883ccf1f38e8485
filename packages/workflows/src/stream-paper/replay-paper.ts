import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '@mml/core';
import { inspectJsonLines } from '@mml/core/io';
import type { RunResult } from '@mml/backtest-engine';
import { readArchiveLines } from '@mml/market-data';
import type { PaperRecord } from '../paper-log';
import { StreamPaperPipeline, type PaperFill, type PipelineFault, type StreamPaperSpec } from './stream-paper-pipeline';

/** Calls `fn` with each non-empty line of a capture (plain or .gz), in order. */
export async function forEachCaptureLine(path: string, fn: (line: string) => void): Promise<number> {
  let n = 0;
  for await (const { text } of readArchiveLines(path)) {
    if (text === '') continue;
    fn(text);
    n++;
  }
  return n;
}

/** A stream session on disk: its log's records, start record and capture. */
export interface SessionFiles {
  runDir: string;
  logPath: string;
  capturePath: string;
  records: PaperRecord[];
  start: PaperRecord;
  spec: StreamPaperSpec;
}

/** Finds a session by run directory, run id (under `<artifactsRoot>/realtime/`) or log path. */
export function openSession(run: string, artifactsRoot = 'artifacts'): SessionFiles {
  const candidates = [run, join(artifactsRoot, 'realtime', run)];
  let logPath: string | undefined;
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isDirectory() && existsSync(join(c, 'paper.jsonl'))) logPath = join(c, 'paper.jsonl');
    else if (existsSync(c) && statSync(c).isFile()) logPath = c;
    if (logPath) break;
  }
  if (logPath === undefined) throw new UsageError(`RUN ${run}: no stream paper session there (expected a run id under ${join(artifactsRoot, 'realtime')}/, its directory, or its paper.jsonl)`);
  let records: PaperRecord[];
  try {
    records = inspectJsonLines<PaperRecord>(logPath).records;
  } catch (error) {
    throw new UsageError(`RUN ${run}: ${logPath} is not a session log (${(error as Error).message})`);
  }
  const start = records[0];
  if (start?.type !== 'start' || start['mode'] !== 'stream' || typeof start['capture'] !== 'string') {
    throw new UsageError(`RUN ${run}: ${logPath} is not a stream paper session log (no stream start record on row 1)`);
  }
  const capturePath = join(dirname(logPath), start['capture']);
  if (!existsSync(capturePath)) throw new UsageError(`RUN ${run}: the session's capture ${capturePath} is missing`);
  return { runDir: dirname(logPath), logPath, capturePath, records, start, spec: start['spec'] as StreamPaperSpec };
}

export interface ReplayedSession {
  files: SessionFiles;
  /** The replay's fills, and the session's as logged. */
  fills: PaperFill[];
  logged: PaperFill[];
  /** True when the two fill lists are byte-identical (JSON). */
  fillsIdentical: boolean;
  /** First index where they differ (or the shorter length), null when identical. */
  firstDifference: number | null;
  /** The session's final state vs the replay's, when the log ends with a stop record covering the whole capture. */
  final: { equityIdentical: boolean; attributionIdentical: boolean; logged: Record<string, unknown>; replayed: Record<string, unknown> } | null;
  faults: PipelineFault[];
  lines: number;
  pipeline: StreamPaperPipeline;
  result: RunResult;
}

/**
 * Replays a session's capture through the same pipeline the session ran (engine, L2 simulator,
 * latency models, book procedure, gap handling), from the spec in its start record, and compares
 * the fills with the logged ones, and the final equity and attribution with the stop record.
 */
export async function replayPaperSession(files: SessionFiles): Promise<ReplayedSession> {
  const faults: PipelineFault[] = [];
  const pipeline = new StreamPaperPipeline(files.spec, files.capturePath, { onFault: (f) => faults.push(f) });
  const lines = await forEachCaptureLine(files.capturePath, (line) => pipeline.onLine(line));
  const result = pipeline.finish();
  const logged = files.records.filter((r) => r.type === 'fill').map((r) => {
    const { type: _type, ...fill } = r;
    return fill as unknown as PaperFill;
  });
  const fills = pipeline.fills;
  let firstDifference: number | null = null;
  for (let i = 0; i < Math.max(fills.length, logged.length); i++) {
    if (i >= fills.length || i >= logged.length || JSON.stringify(fills[i]) !== JSON.stringify(logged[i])) {
      firstDifference = i;
      break;
    }
  }
  const stop = [...files.records].reverse().find((r) => r.type === 'stop' || r.type === 'resume' || r.type === 'start');
  let final: ReplayedSession['final'] = null;
  if (stop?.type === 'stop' && stop['lines'] === lines) {
    const loggedFinal = { finalEquity: (stop['metrics'] as Record<string, unknown>)['finalEquity'], attribution: stop['attribution'] };
    const replayedFinal = { finalEquity: result.metrics.finalEquity, attribution: result.attribution };
    final = {
      equityIdentical: JSON.stringify(loggedFinal.finalEquity) === JSON.stringify(replayedFinal.finalEquity),
      attributionIdentical: JSON.stringify(loggedFinal.attribution) === JSON.stringify(replayedFinal.attribution),
      logged: loggedFinal,
      replayed: replayedFinal,
    };
  }
  return { files, fills, logged, fillsIdentical: firstDifference === null, firstDifference, final, faults, lines, pipeline, result };
}
