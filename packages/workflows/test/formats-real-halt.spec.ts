import { BINANCE_BTCUSDT_SPOT, Instrument, intentReasons, type Strategy, type StrategyContext } from '@mml/core';
import { readCandleFile, sharedDataDir, SHARED_BTCUSDT_1M } from '@mml/market-data';
import { createStabilityOverlays, RiskStateTracker, withOverlays } from '@mml/risk-overlays';
import { join } from 'node:path';

/**
 * The overlays on REAL data around the Binance spot halt of 2023-03-24 (no trading 11:28-12:39Z,
 * then an 80-minute gap; trading resumed ~14:00Z with a sharp fall). The halt's flat zero-volume bars are kept (policy 'mark'). A fixed symmetric +-3 bps
 * intent is pushed through the full stack so only the overlays' own reactions are observed.
 */
describe('stability overlays on real BTC/USDT 1m data around the 2023-03-24 halt', () => {
  it('pull the bids within minutes of the sharp post-halt fall, and mostly stay out of the way', async () => {
    const btc = new Instrument(BINANCE_BTCUSDT_SPOT);
    let mid = NaN;
    const fixed: Strategy = { name: 'fixed', onEvent: () => ({ bids: [{ priceTicks: mid - 300, sizeLots: 100 }], asks: [{ priceTicks: mid + 300, sizeLots: 100 }] }) };
    const strategy = withOverlays(fixed, createStabilityOverlays(), new RiskStateTracker());
    const reopen = Date.UTC(2023, 2, 24, 14, 0);
    let bars = 0;
    let oneSided = 0;
    let firstBidPullAfterReopen = NaN;
    const file = join(sharedDataDir(), SHARED_BTCUSDT_1M);
    for await (const candle of readCandleFile(file, { policy: 'mark', fromOpenTime: Date.UTC(2023, 2, 23, 12), toOpenTime: Date.UTC(2023, 2, 24, 18) })) {
      const ctx: StrategyContext = {
        instrument: btc, now: candle.ts, inventoryLots: 0, inventory: 0, cash: 10_000, equity: 10_000, initialEquity: 10_000,
        peakEquity: 10_000, bestBid: NaN, bestAsk: NaN, mid: candle.close, quoteBudget: 10_000,
      };
      mid = btc.priceToTicks(candle.close);
      // The model quotes on every event, so the overlaid strategy emits on every event too.
      const intent = strategy.onEvent(candle, ctx)!;
      bars++;
      if (intent.bids.length === 0 || intent.asks.length === 0) oneSided++;
      if (candle.ts >= reopen && Number.isNaN(firstBidPullAfterReopen) && intent.bids.length === 0) {
        firstBidPullAfterReopen = candle.ts;
        expect(intentReasons(intent).join(' ')).toMatch(/adverse-move: bids pulled after fall/);
      }
    }
    expect(bars).toBeGreaterThan(1500);
    expect(firstBidPullAfterReopen - reopen).toBeLessThanOrEqual(5 * 60_000);
    // A side is pulled on under 10% of the bars of this (volatile) day and a half.
    expect(oneSided / bars).toBeLessThan(0.1);
  });
});
