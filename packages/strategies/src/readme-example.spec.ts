// The README's "compose a custom format" example, verbatim, so it can never rot.
import { BINANCE_BTCUSDT_SPOT, Instrument, type CandleEvent, type StrategyContext } from '@mml/core';
import { createFixedSpreadStrategy, fixedSpreadConfigSchema } from '@mml/models';
import {
  createStrategyFromFormat,
  defineFormat,
  formatConfigToJSON,
  getFormat,
  parseFormatConfig,
  registerFormat,
} from './index';

describe('README example', () => {
  it('composes, registers, echoes and runs a custom format', () => {
    // --- README start
    const wideStable = defineFormat({
      name: 'fixed-spread-stable',
      version: 1,
      description: 'fixed 60 bps spread + stability overlays, breaker tightened',
      model: { schema: fixedSpreadConfigSchema, create: (config) => createFixedSpreadStrategy(config) },
      modelDefaults: { spreadBps: 60 },
      overlays: { drawdownBreaker: { softThreshold: 0.05, hardThreshold: 0.1 }, riskOffScaling: { enabled: false } },
    });
    registerFormat(wideStable);

    const config = parseFormatConfig('fixed-spread-stable', { model: { orderFraction: 0.02 } });
    const artifactEcho = formatConfigToJSON(config); // { format, version, overlayOrder, config }: write it next to the results
    const strategy = createStrategyFromFormat('fixed-spread-stable', artifactEcho, { seed: 42 });
    // --- README end

    expect(getFormat('fixed-spread-stable').overlayOrder).toEqual(['vol-widen', 'adverse-move', 'drawdown-breaker']);
    expect((artifactEcho.config.model as { spreadBps: number }).spreadBps).toBe(60);
    expect((artifactEcho.config.overlays as { drawdownBreaker: { hardThreshold: number } }).drawdownBreaker.hardThreshold).toBe(0.1);
    const btc = new Instrument(BINANCE_BTCUSDT_SPOT);
    const candle: CandleEvent = { kind: 'candle', ts: 60_000, openTime: 0, durationMs: 60_000, open: 30_000, high: 30_010, low: 29_990, close: 30_000, volume: 5 };
    const ctx: StrategyContext = { instrument: btc, now: 60_000, inventoryLots: 0, inventory: 0, cash: 10_000, equity: 10_000, initialEquity: 10_000, peakEquity: 10_000, bestBid: NaN, bestAsk: NaN, mid: 30_000, quoteBudget: 10_000 };
    const intent = strategy.onEvent(candle, ctx);
    // 60 bps around 30,000: bid 29,910.00, ask 30,090.00.
    expect(intent?.bids[0].priceTicks).toBe(2_991_000);
    expect(intent?.asks[0].priceTicks).toBe(3_009_000);
    // The same format object again is a no-op (a plugin that registers itself and also exports it);
    // another format under a taken name is refused.
    expect(() => registerFormat(wideStable)).not.toThrow();
    expect(() => registerFormat({ ...wideStable })).toThrow(/already registered/);
  });
});
