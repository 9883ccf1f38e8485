import type { CandleEvent, TradeEvent, BestBidAskEvent } from '@mml/core';

/** Parameters of the synthetic mid path and candle volume, estimated from real bars. */
export interface CandleCalibration {
  /** Bars used (zero-volume halt bars and bars after a gap are excluded from returns). */
  bars: number;
  /** Diffusive log-return stdev per minute, jumps removed. */
  volatilityPerMinute: number;
  /** Returns beyond `jumpThresholdSigmas` robust sigmas count as jumps. */
  jumpsPerDay: number;
  /** RMS log size of a jump. */
  jumpStdev: number;
  /** Mean-reversion rate of hourly log realized vol (per hour), from its lag-1 autocorrelation. */
  volMeanReversionPerHour: number;
  /** Volatility of log vol (per sqrt hour), so the stationary stdev of log vol matches the data. */
  volOfVol: number;
  /** Mean base volume per minute. */
  volumePerMinute: number;
  /** Stdev of log(volume) across bars. */
  volumeLogStdev: number;
}

export interface CalibrationOptions {
  jumpThresholdSigmas?: number;
}

/**
 * Estimates path and volume parameters from real candles. Robust sigma (1.4826·MAD) separates
 * jumps from diffusion; the log-vol OU parameters come from hourly realized vol: φ = lag-1
 * autocorrelation gives κ = −ln φ per hour, and volOfVol = sd(log rv)·√(2κ).
 */
export function calibrateSynthetic(candles: readonly CandleEvent[], options: CalibrationOptions = {}): CandleCalibration {
  const threshold = options.jumpThresholdSigmas ?? 6;
  const live = candles.filter((c) => c.volume > 0);
  if (live.length < 120) throw new RangeError(`calibrateSynthetic needs at least 120 traded bars, got ${live.length}`);
  const durationMs = live[0].durationMs;
  const perMinute = Math.sqrt(60_000 / durationMs);
  const returns: Array<{ r: number; hour: number }> = [];
  for (let i = 1; i < live.length; i++) {
    if (live[i].openTime - live[i - 1].openTime !== durationMs) continue;
    returns.push({ r: Math.log(live[i].close / live[i - 1].close), hour: Math.floor(live[i].openTime / 3_600_000) });
  }
  const abs = returns.map((x) => Math.abs(x.r)).sort((a, b) => a - b);
  const robustSigma = 1.4826 * abs[Math.floor(abs.length / 2)];
  const diffusive: number[] = [];
  const jumps: number[] = [];
  for (const { r } of returns) (Math.abs(r) > threshold * robustSigma ? jumps : diffusive).push(r);
  const days = (returns.length * durationMs) / 86_400_000;

  // Hourly realized vol for the log-vol OU.
  const byHour = new Map<number, { sum: number; n: number }>();
  for (const { r, hour } of returns) {
    const h = byHour.get(hour) ?? { sum: 0, n: 0 };
    h.sum += r * r;
    h.n++;
    byHour.set(hour, h);
  }
  const hours = [...byHour.entries()].filter(([, h]) => h.n >= 30 && h.sum > 0).sort((a, b) => a[0] - b[0]);
  const logRv = hours.map(([, h]) => 0.5 * Math.log(h.sum / h.n));
  const meanLog = mean(logRv);
  const sdLog = stdev(logRv);
  let num = 0;
  let den = 0;
  for (let i = 1; i < hours.length; i++) {
    if (hours[i][0] - hours[i - 1][0] !== 1) continue;
    num += (logRv[i] - meanLog) * (logRv[i - 1] - meanLog);
    den += (logRv[i - 1] - meanLog) ** 2;
  }
  const phi = Math.min(0.999, Math.max(0.01, den > 0 ? num / den : 0.5));
  const kappa = -Math.log(phi);
  const volumes = live.map((c) => c.volume);
  return {
    bars: live.length,
    volatilityPerMinute: stdev(diffusive) * perMinute,
    jumpsPerDay: jumps.length / days,
    jumpStdev: jumps.length > 0 ? Math.sqrt(mean(jumps.map((j) => j * j))) : 0,
    volMeanReversionPerHour: kappa,
    volOfVol: sdLog * Math.sqrt(2 * kappa),
    volumePerMinute: mean(volumes) * (60_000 / durationMs),
    volumeLogStdev: stdev(volumes.map((v) => Math.log(v))),
  };
}

/** Trade-flow parameters from tick data: arrival rate per side, size distribution, depth decay. */
export interface TradeFlowCalibration {
  trades: number;
  seconds: number;
  /** Mean trades per second per aggressor side (A in λ(δ) = A·exp(−k·δ) at the touch). */
  tradeRatePerSecond: number;
  tradeSizeMean: number;
  tradeSizeLogStdev: number;
  /** Fraction of trades whose aggressor was the buyer. */
  buyFraction: number;
  /** k (per quote unit): 1 / mean distance beyond the touch of trade prices, from the last bbo before each trade. */
  depthDecayPerQuote: number;
  /** Median quoted spread in quote units. */
  medianSpread: number;
}

/** Calibrates trade arrivals and sizes from trades and best bid/ask events (both sorted by ts). */
export function calibrateTradeFlow(trades: readonly TradeEvent[], bbos: readonly BestBidAskEvent[]): TradeFlowCalibration {
  if (trades.length < 2 || bbos.length < 1) throw new RangeError('calibrateTradeFlow needs trades and bbo events');
  const seconds = (trades[trades.length - 1].ts - trades[0].ts) / 1000;
  let j = -1;
  const beyond: number[] = [];
  for (const t of trades) {
    while (j + 1 < bbos.length && bbos[j + 1].ts <= t.ts) j++;
    if (j < 0) continue;
    const b = bbos[j];
    beyond.push(Math.max(0, t.aggressor === 'buy' ? t.price - b.askPrice : b.bidPrice - t.price));
  }
  const spreads = bbos.map((b) => b.askPrice - b.bidPrice).sort((a, b) => a - b);
  const sizes = trades.map((t) => t.qty);
  const meanBeyond = mean(beyond);
  return {
    trades: trades.length,
    seconds,
    tradeRatePerSecond: trades.length / seconds / 2,
    tradeSizeMean: mean(sizes),
    tradeSizeLogStdev: stdev(sizes.map((s) => Math.log(s))),
    buyFraction: trades.filter((t) => t.aggressor === 'buy').length / trades.length,
    depthDecayPerQuote: meanBeyond > 0 ? 1 / meanBeyond : Infinity,
    medianSpread: spreads[Math.floor(spreads.length / 2)],
  };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length > 0 ? s / xs.length : NaN;
}

function stdev(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return xs.length > 1 ? Math.sqrt(s / (xs.length - 1)) : 0;
}
