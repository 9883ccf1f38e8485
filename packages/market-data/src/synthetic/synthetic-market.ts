import { SeededRandom, parseConfig, type BookLevel, type BookSnapshotEvent, type CandleEvent, type ConfigOf, type ConfigSchema, type MarketEvent, type TradeEvent } from '@mml/core';

/**
 * Configuration of the synthetic market. Defaults are BTCUSDT_CALIBRATED: the figures measured from
 * the shared Binance data (see README "Calibration"), so an unconfigured run resembles BTC/USDT.
 */
export const SYNTHETIC_MARKET_SCHEMA = {
  seed: { type: 'number', default: 1, integer: true, unit: 'seed', doc: 'PRNG seed; equal seeds give byte-identical output' },
  startTime: { type: 'number', default: Date.UTC(2024, 0, 1), integer: true, min: 0, unit: 'ms', doc: 'Unix ms of the first bar open' },
  durationMinutes: { type: 'number', default: 1440, min: 1, unit: 'min', doc: 'length of the generated market' },
  candleMs: { type: 'number', default: 60_000, integer: true, min: 1000, unit: 'ms', doc: 'candle length (a multiple of stepMs)' },
  stepMs: { type: 'number', default: 1000, integer: true, min: 1, unit: 'ms', doc: 'resolution of the fine mid path the candles are built from' },
  initialPrice: { type: 'number', default: 28_000, min: 0, exclusiveMin: true, unit: 'quote', doc: 'mid price at startTime' },
  tickSize: { type: 'number', default: 0.01, min: 0, exclusiveMin: true, unit: 'quote', doc: 'price grid of trades and book levels' },
  volatilityPerMinute: { type: 'number', default: 0.000499, min: 0, unit: 'log-return/sqrt(min)', doc: 'diffusive volatility of the calm regime' },
  volOfVol: { type: 'number', default: 0.50, min: 0, unit: '1/sqrt(h)', doc: 'volatility of log volatility (Ornstein-Uhlenbeck)' },
  volMeanReversionPerHour: { type: 'number', default: 0.42, min: 0, exclusiveMin: true, unit: '1/h', doc: 'mean-reversion rate of log volatility' },
  stressProbabilityPerHour: { type: 'number', default: 0.02, min: 0, max: 1, unit: 'prob/h', doc: 'chance per hour of switching calm -> stressed (not calibrated)' },
  calmProbabilityPerHour: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'prob/h', doc: 'chance per hour of switching stressed -> calm (not calibrated)' },
  stressVolMultiplier: { type: 'number', default: 2.5, min: 1, unit: 'x', doc: 'volatility multiplier in the stressed regime' },
  jumpsPerDay: { type: 'number', default: 15.0, min: 0, unit: '1/day', doc: 'Poisson rate of price jumps' },
  jumpStdev: { type: 'number', default: 0.0039, min: 0, unit: 'log-return', doc: 'stdev of a jump (normal in log price)' },
  volumePerMinute: { type: 'number', default: 45.3, min: 0, unit: 'base/min', doc: 'mean candle volume when trades are not simulated' },
  volumeLogStdev: { type: 'number', default: 0.99, min: 0, unit: 'log', doc: 'lognormal spread of candle volume' },
  emitTrades: { type: 'boolean', default: false, doc: 'simulate individual trades (candle volume = their sum)' },
  tradeRatePerSecond: { type: 'number', default: 15.3, min: 0, unit: '1/s per side', doc: 'A in λ(δ)=A·exp(−k·δ): trade arrivals per side at the touch' },
  depthDecayPerQuote: { type: 'number', default: 3.8, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'k in λ(δ)=A·exp(−k·δ): trade reach beyond the touch is Exp(k)' },
  tradeSizeMean: { type: 'number', default: 0.022, min: 0, exclusiveMin: true, unit: 'base', doc: 'mean trade size (lognormal)' },
  tradeSizeLogStdev: { type: 'number', default: 1.5, min: 0, unit: 'log', doc: 'lognormal spread of trade size (measured 2.6; capped lower to keep volume stable)' },
  lotSize: { type: 'number', default: 0.00001, min: 0, exclusiveMin: true, unit: 'base', doc: 'trade and book sizes are rounded up to this grid' },
  spreadTicks: { type: 'number', default: 1, integer: true, min: 1, unit: 'ticks', doc: 'quoted spread (the shared spot capture has a median spread of 1 tick)' },
  emitBooks: { type: 'boolean', default: false, doc: 'emit L2 snapshots every bookIntervalMs' },
  bookIntervalMs: { type: 'number', default: 1000, integer: true, min: 1, unit: 'ms', doc: 'L2 snapshot interval (a multiple of stepMs)' },
  bookLevels: { type: 'number', default: 10, integer: true, min: 1, unit: 'levels', doc: 'levels per side in a snapshot' },
  bookLevelQty: { type: 'number', default: 0.5, min: 0, exclusiveMin: true, unit: 'base', doc: 'mean quantity per level (grows linearly with level index)' },
  emitCandles: { type: 'boolean', default: true, doc: 'emit candles at each bar close' },
} as const satisfies ConfigSchema;

export type SyntheticMarketConfig = ConfigOf<typeof SYNTHETIC_MARKET_SCHEMA>;

/** The calibrated defaults (BTC/USDT spot, Binance, measured from ../shared/data). */
export const BTCUSDT_CALIBRATED: Readonly<SyntheticMarketConfig> = Object.freeze(parseConfig(SYNTHETIC_MARKET_SCHEMA, {}, 'BTCUSDT_CALIBRATED'));

/**
 * A deterministic synthetic market: a log mid path (GBM whose volatility follows an OU process in
 * log space, switches between a calm and a stressed regime, plus Poisson jumps) sampled every
 * stepMs; candles built from that fine path; optionally trades, whose arrivals per side are
 * Poisson with rate A and whose reach beyond the touch is Exp(k), so a resting order at distance
 * δ from the touch is hit at rate A·exp(−k·δ); and L2 snapshots around the mid.
 *
 * Each random component draws from its own forked stream, so turning trades or books on never
 * changes the mid path. Events come in ts order; at equal ts trades precede candles precede books.
 */
export function* generateSyntheticMarket(input: Partial<SyntheticMarketConfig> = {}): Generator<MarketEvent> {
  const cfg = parseConfig(SYNTHETIC_MARKET_SCHEMA, input, 'synthetic');
  if (cfg.candleMs % cfg.stepMs !== 0) throw new RangeError(`synthetic.candleMs (${cfg.candleMs}) must be a multiple of stepMs (${cfg.stepMs})`);
  if (cfg.emitBooks && cfg.bookIntervalMs % cfg.stepMs !== 0) throw new RangeError(`synthetic.bookIntervalMs must be a multiple of stepMs`);
  const root = new SeededRandom(cfg.seed);
  const pathRng = root.fork('path');
  const regimeRng = root.fork('regime');
  const jumpRng = root.fork('jumps');
  const volumeRng = root.fork('volume');
  const tradeRng = root.fork('trades');
  const bookRng = root.fork('book');

  const dtSec = cfg.stepMs / 1000;
  const dtHours = dtSec / 3600;
  const stepSigma = cfg.volatilityPerMinute * Math.sqrt(dtSec / 60);
  const steps = Math.round((cfg.durationMinutes * 60_000) / cfg.stepMs);
  const stepsPerBar = cfg.candleMs / cfg.stepMs;
  const tick = cfg.tickSize;
  const ouDecay = Math.exp(-cfg.volMeanReversionPerHour * dtHours);
  const ouNoise = cfg.volOfVol * Math.sqrt((1 - ouDecay * ouDecay) / (2 * cfg.volMeanReversionPerHour));
  const ouMeanCorrection = (cfg.volOfVol * cfg.volOfVol) / (4 * cfg.volMeanReversionPerHour); // E[exp(x)] = 1 with x ~ N(-s²/2, s²)
  const jumpProbability = (cfg.jumpsPerDay * dtSec) / 86_400;
  const halfSpread = (cfg.spreadTicks * tick) / 2;

  let logMid = Math.log(cfg.initialPrice);
  let logVol = 0;
  let stressed = false;
  let tradeId = 1;
  let bar = newBar(cfg.startTime, cfg.initialPrice);

  for (let step = 0; step < steps; step++) {
    const t0 = cfg.startTime + step * cfg.stepMs;
    const mid = Math.exp(logMid);
    if (cfg.emitTrades) {
      for (const trade of stepTrades(t0, mid)) {
        bar.high = Math.max(bar.high, trade.price);
        bar.low = Math.min(bar.low, trade.price);
        bar.tradeVolume += trade.qty;
        yield trade;
      }
    }
    // Advance the mid to t0 + stepMs.
    if (regimeRng.bernoulli((stressed ? cfg.calmProbabilityPerHour : cfg.stressProbabilityPerHour) * dtHours)) stressed = !stressed;
    logVol = logVol * ouDecay + ouNoise * pathRng.normal();
    const sigma = stepSigma * Math.exp(logVol - ouMeanCorrection) * (stressed ? cfg.stressVolMultiplier : 1);
    logMid += -0.5 * sigma * sigma + sigma * pathRng.normal();
    if (jumpRng.bernoulli(jumpProbability)) logMid += cfg.jumpStdev * jumpRng.normal();
    const t1 = t0 + cfg.stepMs;
    const next = Math.exp(logMid);
    bar.high = Math.max(bar.high, next);
    bar.low = Math.min(bar.low, next);
    bar.sigmaSum += sigma;
    if ((step + 1) % stepsPerBar === 0) {
      if (cfg.emitCandles) yield finishBar(bar, t1, next, stepSigma * stepsPerBar);
      bar = newBar(t1, next);
    }
    if (cfg.emitBooks && (t1 - cfg.startTime) % cfg.bookIntervalMs === 0) yield book(t1, next);
  }

  function stepTrades(t0: number, mid: number): TradeEvent[] {
    const bid = Math.floor((mid - halfSpread) / tick + 1e-9) * tick;
    const ask = bid + cfg.spreadTicks * tick;
    const trades: TradeEvent[] = [];
    const sizeMu = Math.log(cfg.tradeSizeMean) - 0.5 * cfg.tradeSizeLogStdev ** 2;
    for (const aggressor of ['buy', 'sell'] as const) {
      const n = tradeRng.poisson(cfg.tradeRatePerSecond * dtSec);
      for (let i = 0; i < n; i++) {
        const reachTicks = Math.floor(tradeRng.exponential(cfg.depthDecayPerQuote) / tick);
        const price = aggressor === 'buy' ? ask + reachTicks * tick : bid - reachTicks * tick;
        const qty = Math.ceil(Math.exp(sizeMu + cfg.tradeSizeLogStdev * tradeRng.normal()) / cfg.lotSize) * cfg.lotSize;
        trades.push({ kind: 'trade', ts: t0 + Math.floor(tradeRng.uniform() * cfg.stepMs), price: round(price, tick), qty: round(qty, cfg.lotSize), aggressor, id: 0 });
      }
    }
    trades.sort((a, b) => a.ts - b.ts);
    for (const t of trades) t.id = tradeId++;
    return trades;
  }

  function newBar(openTime: number, open: number) {
    return { openTime, open, high: open, low: open, tradeVolume: 0, sigmaSum: 0 };
  }

  function finishBar(b: ReturnType<typeof newBar>, closeTime: number, close: number, calmBarSigma: number): CandleEvent {
    // Without trades, volume is lognormal and scales with the bar's realised volatility, as real volume does.
    const volume = cfg.emitTrades
      ? b.tradeVolume
      : cfg.volumePerMinute * ((closeTime - b.openTime) / 60_000) * (b.sigmaSum / calmBarSigma) * Math.exp(cfg.volumeLogStdev * volumeRng.normal() - 0.5 * cfg.volumeLogStdev ** 2);
    return {
      kind: 'candle',
      ts: closeTime,
      openTime: b.openTime,
      durationMs: closeTime - b.openTime,
      open: round(b.open, tick),
      high: roundUp(b.high, tick),
      low: roundDown(b.low, tick),
      close: round(close, tick),
      volume: round(volume, cfg.lotSize),
    };
  }

  function book(ts: number, mid: number): BookSnapshotEvent {
    const bid = Math.floor((mid - halfSpread) / tick + 1e-9) * tick;
    const ask = bid + cfg.spreadTicks * tick;
    const level = (i: number): number => round(Math.max(cfg.lotSize, cfg.bookLevelQty * (1 + i) * bookRng.exponential(1)), cfg.lotSize);
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    for (let i = 0; i < cfg.bookLevels; i++) {
      bids.push([round(bid - i * tick, tick), level(i)]);
      asks.push([round(ask + i * tick, tick), level(i)]);
    }
    return { kind: 'book', ts, bids, asks };
  }
}

/** Candles only (the research apps' input), as an array. */
export function generateSyntheticCandles(input: Partial<SyntheticMarketConfig> = {}): CandleEvent[] {
  const out: CandleEvent[] = [];
  for (const e of generateSyntheticMarket({ ...input, emitCandles: true, emitBooks: false })) if (e.kind === 'candle') out.push(e);
  return out;
}

/** Rounds to the grid and prints at the grid's decimals, so values are exact decimal strings in JSON. */
function round(x: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number((Math.round(x / step) * step).toFixed(decimals));
}
function roundUp(x: number, step: number): number {
  return round(Math.ceil(x / step - 1e-9) * step, step);
}
function roundDown(x: number, step: number): number {
  return round(Math.floor(x / step + 1e-9) * step, step);
}
