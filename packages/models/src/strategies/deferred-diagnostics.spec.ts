import { type CandleEvent, intentDiagnostics, QuoteIntentBuffer } from '@mml/core';
import { context } from '../shared-data.test-helpers';
import { CandleExcursionProxy } from '../estimators/candle-excursion-proxy';
import { OhlcVolatility } from '../estimators/ohlc-volatility';
import { createAvellanedaStoikovStrategy } from './avellaneda-stoikov-strategy';
import { createGlftStrategy } from './glft-strategy';

/** Seeded-looking 1m bars around 30k (deterministic: a fixed walk with wicks). */
function candles(n: number): CandleEvent[] {
  const out: CandleEvent[] = [];
  let close = 30_000;
  for (let i = 0; i < n; i++) {
    const open = close;
    close = open * (1 + 0.0007 * Math.sin(i * 1.7) + 0.0002 * Math.cos(i * 0.3));
    const high = Math.max(open, close) * (1 + 0.0001 * (1 + (i % 5)));
    const low = Math.min(open, close) * (1 - 0.0001 * (1 + (i % 7)));
    out.push({ kind: 'candle', ts: (i + 1) * 60_000, openTime: i * 60_000, durationMs: 60_000, open, high, low, close, volume: 1 });
  }
  return out;
}

/**
 * The estimates a model only reports (the OHLC sigma under the default close-to-close, the candle
 * proxy in GLFT) are computed only when their diagnostics are read: what is read must be exactly
 * what the estimator gives at that quote.
 */
describe('reported-only estimates, deferred until read', () => {
  const bars = candles(400);

  it('the reported OHLC sigma and candle proxy equal the estimators fed the same candles, bit for bit', () => {
    const glft = createGlftStrategy();
    const ohlc = new OhlcVolatility({ estimator: 'yang-zhang', windowBars: 60, minBars: 10 });
    const proxy = new CandleExcursionProxy();
    for (const [i, bar] of bars.entries()) {
      ohlc.updateCandle(bar);
      proxy.observeCandle(bar);
      const intent = glft.onEvent(bar, context(bar.ts, bar.close));
      if (i % 37 !== 0 || intent === undefined) continue; // read some quotes only, as a logger would
      const d = intentDiagnostics(intent);
      expect(d.sigmaOhlc).toBe(ohlc.sigma);
      const estimate = proxy.estimate();
      if (estimate.ready) expect([d.candleProxyReachRate, d.candleProxyK]).toEqual([estimate.reachRate, estimate.kRelative]);
    }
  });

  it('reading an intent after the strategy saw a later candle is refused; a throttled model computes them at once', () => {
    const as = createAvellanedaStoikovStrategy();
    for (const bar of bars.slice(0, 100)) as.onEvent(bar, context(bar.ts, bar.close));
    const intent = as.onEvent(bars[100], context(bars[100].ts, bars[100].close));
    if (intent === undefined) throw new Error('expected an intent');
    const kept = new QuoteIntentBuffer(1, as.diagnosticsSchema ?? (intent as QuoteIntentBuffer).schema);
    kept.copyFrom(intent); // a copy kept past the next event (the contract says: act before it)
    as.onEvent(bars[101], context(bars[101].ts, bars[101].close));
    expect(() => intentDiagnostics(kept)).toThrow(/read after its estimator moved on/);
    // A throttled model returns undefined in between, and its intent may be re-applied by overlays later.
    const throttled = createAvellanedaStoikovStrategy({ requoteIntervalMs: 300_000 });
    let last;
    for (const bar of bars.slice(0, 100)) last = throttled.onEvent(bar, context(bar.ts, bar.close)) ?? last;
    const ohlc = new OhlcVolatility({ estimator: 'yang-zhang', windowBars: 60, minBars: 10 });
    for (const bar of bars.slice(0, 96)) ohlc.updateCandle(bar); // the last quote was at bar 95 (every 5 bars)
    expect(last && intentDiagnostics(last).sigmaOhlc).toBe(ohlc.sigma);
  });
});
