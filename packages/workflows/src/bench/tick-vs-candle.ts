/**
 * Tick-level vs candle-level research on the same minutes of one capture: each format runs (a)
 * on the tick events through the L2 exchange simulator and (b) on 1-minute candles built from the
 * capture's own trades with the candle fill model, over the same whole minutes; every fill is then
 * marked against the capture's mid (bookTicker) 1 s, 10 s and 60 s later. A positive markout means
 * the mid moved in our favour after the fill; candle fills are conditioned on the bar trading
 * through the quote, so they are expected to show adverse selection.
 *
 * Run: `node packages/workflows/dist/bench/tick-vs-candle.js --data <capture files> [--formats a,b]`
 * (`make tick-vs-candle DATA=...`).
 */
import { createInstrument, type CandleEvent, type Fill, type MarketEvent } from '@mml/core';
import { MarketMakingEngine, type RunResult } from '@mml/backtest-engine';
import { KIND_BBO, KIND_TRADE } from '@mml/market-data';
import { createStrategyFromFormat, parseFormatConfig } from '@mml/strategies';
import { dataPaths } from '../workflow-data';
import { loadWorkflowTicks, tickEngineDefaults } from '../market-ticks';
import { TickEventReplay } from '../tick-event-replay';

const HORIZONS_MS = [1_000, 10_000, 60_000];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const paths = dataPaths(arg('--data'));
  if (paths.length === 0) throw new RangeError('--data <capture files> is required');
  const formats = (arg('--formats') ?? 'fixed-spread,as-stable,glft').split(',');
  const ticks = await loadWorkflowTicks({ paths });
  const c = ticks.columns;
  const instrument = createInstrument(ticks.instrument);
  const midTs: number[] = [];
  const mid: number[] = [];
  const bars: CandleEvent[] = [];
  let bar: CandleEvent | undefined;
  for (let i = ticks.from; i < ticks.to; i++) {
    if (c.kind[i] === KIND_BBO) {
      midTs.push(c.ts[i]);
      mid.push((c.v0[i] + c.v2[i]) / 2);
    } else if (c.kind[i] === KIND_TRADE) {
      const openTime = Math.floor(c.ts[i] / 60_000) * 60_000;
      const price = c.v0[i];
      if (bar === undefined || bar.openTime !== openTime) {
        if (bar !== undefined) bars.push(bar);
        bar = { kind: 'candle', openTime, durationMs: 60_000, ts: openTime + 60_000, open: price, high: price, low: price, close: price, volume: 0 };
      }
      bar.high = Math.max(bar.high, price);
      bar.low = Math.min(bar.low, price);
      bar.close = price;
      bar.volume += c.v1[i];
    }
  }
  // Whole minutes only: drop the partial first and last bars.
  const whole = bars.filter((b) => b.openTime >= c.ts[ticks.from]);
  if (whole.length < 2) throw new RangeError('the capture holds fewer than 2 whole minutes of trades');
  const start = whole[0].openTime;
  const end = whole[whole.length - 1].ts;
  let fromRow = ticks.from;
  while (fromRow < ticks.to && c.ts[fromRow] < start) fromRow++;
  let toRow = fromRow;
  while (toRow < ticks.to && c.ts[toRow] < end) toRow++;
  const midAt = (ts: number) => {
    let lo = 0;
    let hi = midTs.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (midTs[m] <= ts) lo = m + 1;
      else hi = m;
    }
    return lo > 0 ? mid[lo - 1] : NaN;
  };
  const markouts = (fills: Fill[]) =>
    HORIZONS_MS.map((h) => {
      let sum = 0;
      let weight = 0;
      for (const f of fills) {
        if (f.reason !== 'quote' || f.ts + h > end) continue;
        const m = midAt(f.ts + h);
        const p = instrument.ticksToPrice(f.priceTicks);
        sum += ((f.side === 'buy' ? m - p : p - m) / p) * 10_000 * f.sizeLots;
        weight += f.sizeLots;
      }
      return weight > 0 ? (sum / weight).toFixed(2) : 'n/a';
    });
  console.log(`${ticks.data.source}: ${whole.length} whole minutes ${new Date(start).toISOString()} .. ${new Date(end).toISOString()}, ${toRow - fromRow} tick events`);
  console.log('size-weighted markouts of quote fills against the capture mid, bps at +1 s / +10 s / +60 s (positive = in our favour)');
  for (const format of formats) {
    const run = (events: Iterable<MarketEvent>, config: Record<string, unknown>): RunResult => {
      const engine = new MarketMakingEngine(instrument, createStrategyFromFormat(format, parseFormatConfig(format, {}), { seed: 1 }), { quoteBudget: 10_000, ...config });
      for (const e of events) engine.onEvent(e);
      return engine.finish();
    };
    const tick = run(new TickEventReplay(c, fromRow, toRow, Number(ticks.instrument.tickSize)), { ...tickEngineDefaults(ticks.market), sampleIntervalMs: 60_000 });
    const candle = run(whole, { allowShort: ticks.market !== 'spot' });
    for (const [name, r] of [['tick', tick], ['candle', candle]] as const) {
      console.log(`  ${format.padEnd(13)} ${name.padEnd(6)} fills ${String(r.metrics.fills).padStart(5)}  pnl ${r.metrics.pnl.toFixed(2).padStart(9)}  markouts ${markouts(r.fills).join(' / ')}`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
