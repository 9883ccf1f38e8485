import { SeededRandom, parseConfig, type BestBidAskEvent, type ConfigOf, type ConfigSchema, type MarketEvent, type TradeEvent } from '@mml/core';

/**
 * The Avellaneda–Stoikov (2008) simulation market: an arithmetic Brownian mid
 * dS = σ dW and, per side, market orders arriving as a Poisson process of rate A whose reach from
 * the mid is Exp(k) — so a limit order at distance δ from the mid is hit with intensity
 * λ(δ) = A·exp(−k·δ). Defaults are the paper's: S0 = 100, σ = 2, T = 1, dt = 0.005, A = 140, k = 1.5.
 * One model time unit lasts `unitMs` of event time.
 */
export const BROWNIAN_MARKET_SCHEMA = {
  seed: { type: 'number', default: 1, integer: true, unit: 'seed', doc: 'PRNG seed' },
  startTime: { type: 'number', default: Date.UTC(2024, 0, 1), integer: true, min: 0, unit: 'ms', doc: 'Unix ms of the first step' },
  initialMid: { type: 'number', default: 100, min: 0, exclusiveMin: true, unit: 'quote', doc: 'S0' },
  sigma: { type: 'number', default: 2, min: 0, unit: 'quote/sqrt(unit)', doc: 'σ of the arithmetic Brownian mid' },
  horizon: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'units', doc: 'T' },
  dt: { type: 'number', default: 0.005, min: 0, exclusiveMin: true, unit: 'units', doc: 'time step' },
  unitMs: { type: 'number', default: 1000, integer: true, min: 1, unit: 'ms', doc: 'event-time length of one model time unit' },
  arrivalRate: { type: 'number', default: 140, min: 0, unit: '1/unit per side', doc: 'A: arrival rate of market orders per side' },
  decay: { type: 'number', default: 1.5, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'k: reach from the mid is Exp(k)' },
  tickSize: { type: 'number', default: 0.01, min: 0, exclusiveMin: true, unit: 'quote', doc: 'price grid of trades and bbo' },
  tradeQty: { type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'base', doc: 'size of each market order' },
} as const satisfies ConfigSchema;

export type BrownianMarketConfig = ConfigOf<typeof BROWNIAN_MARKET_SCHEMA>;

/**
 * Each step emits a bbo one tick around the current mid, then the step's trades (time-ordered,
 * buys printed at mid + δ rounded up to the tick, sells at mid − δ rounded down).
 */
export function* generateBrownianMarket(input: Partial<BrownianMarketConfig> = {}): Generator<MarketEvent> {
  const cfg = parseConfig(BROWNIAN_MARKET_SCHEMA, input, 'brownian');
  const root = new SeededRandom(cfg.seed);
  const pathRng = root.fork('path');
  const orderRng = root.fork('orders');
  const steps = Math.round(cfg.horizon / cfg.dt);
  const stepMs = cfg.dt * cfg.unitMs;
  const tick = cfg.tickSize;
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  const onGrid = (ticks: number) => Number((ticks * tick).toFixed(decimals));
  let mid = cfg.initialMid;
  let id = 1;
  for (let step = 0; step < steps; step++) {
    const t0 = cfg.startTime + Math.round(step * stepMs);
    const bidTicks = Math.floor(mid / tick - 1e-9);
    const bbo: BestBidAskEvent = { kind: 'bbo', ts: t0, bidPrice: onGrid(bidTicks), bidQty: cfg.tradeQty, askPrice: onGrid(bidTicks + 1), askQty: cfg.tradeQty };
    yield bbo;
    const trades: TradeEvent[] = [];
    for (const aggressor of ['buy', 'sell'] as const) {
      const n = orderRng.poisson(cfg.arrivalRate * cfg.dt);
      for (let i = 0; i < n; i++) {
        const reach = orderRng.exponential(cfg.decay);
        const priceTicks = aggressor === 'buy' ? Math.ceil((mid + reach) / tick - 1e-9) : Math.floor((mid - reach) / tick + 1e-9);
        trades.push({ kind: 'trade', ts: t0 + Math.floor(orderRng.uniform() * stepMs), price: onGrid(Math.max(1, priceTicks)), qty: cfg.tradeQty, aggressor, id: 0 });
      }
    }
    trades.sort((a, b) => a.ts - b.ts);
    for (const t of trades) {
      t.id = id++;
      yield t;
    }
    mid += cfg.sigma * Math.sqrt(cfg.dt) * pathRng.normal();
  }
}
