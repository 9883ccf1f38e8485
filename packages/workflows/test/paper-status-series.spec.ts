import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Engine from '@mml/backtest-engine';
import type { RunResult } from '@mml/backtest-engine';
import { paperStatus } from '../src/stream-paper/paper-status';
import { runStreamPaper } from '../src/stream-paper/stream-paper-session';
import { captureReplaySource } from '../src/stream-paper/stream-source';
import { captureLines, haveUsdmCapture, USDM_CAPTURE, usdmSpec } from './stream-capture.test-helpers';

// The results the engine finishes with. 'curve': a copy without the series (what paper-status charted
// before: the whole curve, downsampled). 'series': the engine's result, whose whole equity curve
// throws when read, so paper-status must chart the session from the series only.
let mode: 'curve' | 'series' = 'curve';
jest.mock('@mml/backtest-engine', () => {
  const actual = jest.requireActual<typeof Engine>('@mml/backtest-engine');
  class GuardedEngine extends actual.MarketMakingEngine {
    override finish(): RunResult {
      const result = super.finish();
      if (mode === 'curve') return { ...result };
      Object.defineProperty(result, 'equityCurve', {
        enumerable: true,
        get: () => {
          throw new Error('equityCurve read: the whole curve was built');
        },
      });
      return result;
    }
  }
  return { ...actual, MarketMakingEngine: GuardedEngine };
});

(haveUsdmCapture ? describe : describe.skip)('paper-status on a stream session', () => {
  it("charts the session from the engine's equity series (the curve is not built), the same report as from the curve", async () => {
    const spec = usdmSpec('glft');
    const out = mkdtempSync(join(tmpdir(), 'paper-status-series-'));
    // 3000 lines span ~12 s: 4 ms samples give ~3000 of them, so the report's 2000-point chart is downsampled.
    const capture = join(out, 'source.txt');
    writeFileSync(capture, (await captureLines(USDM_CAPTURE, 3_000)).join('\n') + '\n');
    const session = await runStreamPaper({
      exchange: spec.exchange, symbol: spec.symbol, format: spec.format, budget: spec.budget, seed: spec.seed, instrument: spec.instrument,
      market: spec.market, engineConfig: { ...spec.engineConfig, sampleIntervalMs: 4 }, artifactsRoot: out, statusEveryMs: 0, staleMs: 60_000,
      openSource: () => captureReplaySource(capture),
    });
    const withCurve = await paperStatus(session.runDir, out);
    expect(withCurve.replay.result.equitySeries).toBeUndefined();
    expect(withCurve.replay.result.equityCurve.length).toBeGreaterThan(2_000);
    const reportFromCurve = readFileSync(withCurve.reportPath, 'utf8');
    mode = 'series';
    try {
      const status = await paperStatus(session.runDir, out);
      expect(() => status.replay.result.equityCurve).toThrow(/whole curve/);
      expect(status.lines).toEqual(withCurve.lines);
      expect(readFileSync(status.reportPath, 'utf8')).toBe(reportFromCurve);
    } finally {
      mode = 'curve';
    }
  }, 30_000);
});
