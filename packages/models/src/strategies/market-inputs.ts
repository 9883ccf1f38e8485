import { ConfigError, parseConfig, type ConfigOf, type ConfigSchema, type DeferredDiagnostic, type MarketEvent, type QuoteDiagnostics } from '@mml/core';
import { CandleExcursionProxy, candleExcursionProxyConfigSchema, type CandleExcursionEstimate } from '../estimators/candle-excursion-proxy';
import { EwmaVolatility } from '../estimators/ewma-volatility';
import { IntensityEstimator, intensityEstimatorConfigSchema, type IntensityEstimate } from '../estimators/intensity-estimator';
import { OhlcVolatility } from '../estimators/ohlc-volatility';
import { CALIBRATED_INTENSITY } from '../estimators/calibrated-intensity';
import { RollingVolatility } from '../estimators/rolling-volatility';
import { volatilityBaseSchema } from '../estimators/volatility-config';

export const volatilityInputSchema = {
  kind: { type: 'string', default: 'ewma', oneOf: ['ewma', 'rolling'] as const, doc: 'Close-to-close estimator of mids (ticks, and candles when candleEstimator = close-to-close or the OHLC one is not ready yet).' },
  candleEstimator: {
    type: 'string', default: 'close-to-close', oneOf: ['close-to-close', 'garman-klass', 'yang-zhang'] as const,
    doc: 'On candle streams, which sigma feeds the model: close-to-close (the kind estimator on closes) or a range-based OHLC estimator once ready. Both are always reported (diagnostics sigmaCloseToClose, sigmaOhlc; the OHLC one, when it does not feed the model, is computed only if its diagnostic is read). Close-to-close stays the default: on real BTC 1m the OHLC sigma reads 15-28% below it and 31% below the hourly close-to-close variance that an A-S inventory held for tau = 1 h faces (see README).',
  },
  ohlcWindowBars: { type: 'number', default: 60, min: 2, integer: true, unit: 'candles', doc: 'Rolling window of the OHLC estimator.' },
  ...volatilityBaseSchema,
  windowSamples: { type: 'number', default: 60, min: 2, integer: true, unit: 'returns', doc: 'Rolling window (kind = rolling).' },
  halfLifeSamples: { type: 'number', default: 30, min: 0, exclusiveMin: true, unit: 'returns', doc: 'EWMA half-life (kind = ewma).' },
} as const satisfies ConfigSchema;

export const intensityInputSchema = {
  source: {
    type: 'string', default: 'auto', oneOf: ['auto', 'trades', 'candle-proxy', 'fixed'] as const,
    doc: 'auto: the fit from trades when ready, else (A-S only) k from the candle excursion proxy when ready, else fixedA/fixedK. candle-proxy (A-S only): k from the proxy, A = fixedA. fixed: always fixedA/fixedK. The proxy never supplies A: its rate is an excursion probability, not an arrival rate.',
  },
  fixedA: {
    type: 'number', default: CALIBRATED_INTENSITY.A, min: 0, exclusiveMin: true, unit: '1/s',
    doc: 'A when no trade fit is ready (candles) or source = fixed. Default: the order-based MLE on the shared BTC/USDT spot trades against the instantaneous mid (see README).',
  },
  fixedK: {
    type: 'number', default: CALIBRATED_INTENSITY.kRelative, min: 0, exclusiveMin: true, unit: '1/(relative depth)',
    doc: 'k when no trade fit is ready (candles) or source = fixed. Default: the same calibration as fixedA.',
  },
  trades: { type: 'object', schema: intensityEstimatorConfigSchema, doc: 'Order-arrival fit from trades (fallbackA/fallbackK there are overridden by fixedA/fixedK).' },
  candles: { type: 'object', schema: candleExcursionProxyConfigSchema, doc: 'Candle excursion proxy (reported in diagnostics; never an arrival rate, see CandleExcursionProxy).' },
} as const satisfies ConfigSchema;

export type VolatilityInputConfig = ConfigOf<typeof volatilityInputSchema>;
export type IntensityInputConfig = ConfigOf<typeof intensityInputSchema>;

export interface MarketInputsSnapshot {
  /** Sigma of log returns per sqrt(second) that feeds the model (OHLC on candles once ready). */
  sigma: number;
  /** The close-to-close estimate, always reported. */
  sigmaCloseToClose: number;
  /**
   * The OHLC estimate (candleEstimator, Yang-Zhang when that is close-to-close), always reported; its
   * fallback until ready. NaN when it does not feed the model (sigmaOhlcDeferred): then it is only
   * computed if its diagnostic is read.
   */
  sigmaOhlc: number;
  sigmaOhlcDeferred: boolean;
  volatilityReady: boolean;
  /** The arrival-rate law the model uses. */
  intensity: IntensityEstimate;
  /** 0 = fixed, 1 = trades, 2 = k from the candle proxy with A = fixedA (for diagnostics). */
  intensitySource: number;
  /** The candle excursion proxy, reported only (never an arrival rate); not evaluated when candleProxyDeferred. */
  candleProxy: CandleExcursionEstimate;
  /** The proxy feeds nothing in this quote: its diagnostics are computed only if read. */
  candleProxyDeferred: boolean;
}

/** The inputs' own diagnostics, last in both models' slot lists (MarketInputs.writeDiagnostics fills them). */
export const INPUT_DIAGNOSTIC_SLOTS = ['volatilityReady', 'intensityReady', 'intensitySource', 'sigmaCloseToClose', 'sigmaOhlc', 'candleProxyReachRate', 'candleProxyK'] as const;

/**
 * A reported estimate computed only when its diagnostic is read, as of the quote that deferred it:
 * stamped with its estimator's version then, and refused (a contract error) once the estimator
 * has moved on.
 */
class DeferredEstimate implements DeferredDiagnostic {
  constructor(
    private readonly versionNow: () => number,
    private readonly read: () => number,
  ) {}

  /** Defers `slot` of `d` to this estimate as it is now. */
  deferInto(d: QuoteDiagnostics, slot: number): void {
    d.defer(slot, this, this.versionNow());
  }

  value(stamp: number): number {
    if (this.versionNow() !== stamp) throw new Error('a deferred diagnostic was read after its estimator moved on (an intent kept past the strategy\'s next event)');
    return this.read();
  }
}

/** Numbers MarketInputs records of a snapshot to tell a changed one (see record). */
const QUOTED_FIELDS = 12;

/** Drops a deferred value `slot` may hold (set() replaces it; the 0 it writes is overwritten by the caller). */
function undefer(d: QuoteDiagnostics, slot: number): void {
  if (d.isDeferred(slot)) d.set(slot, 0);
}

/** Equal, or both NaN. */
function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** A time (Unix ms): what the inputs are asked at (a StrategyContext is one). */
export interface Clock {
  readonly now: number;
}

export interface MarketInputsOptions {
  /** May source = auto / candle-proxy take k from the candle excursion proxy? (A-S: yes; GLFT: no.) */
  allowCandleProxyK: boolean;
}

/**
 * Feeds one volatility estimator and the intensity estimators from market events, in event order
 * (so a model only ever sees the past). Mids come from candles (close), bbo and book snapshots;
 * trade prices feed volatility only when no quote stream exists (avoids bid-ask bounce noise).
 */
export class MarketInputs {
  private readonly volatility: RollingVolatility | EwmaVolatility;
  private readonly ohlc: OhlcVolatility;
  private readonly trades: IntensityEstimator;
  private readonly candles: CandleExcursionProxy;
  private sawQuotes = false;
  private sawCandles = false;
  // Preallocated: the models read the inputs on every quote.
  private readonly fromTrades: IntensityEstimate = { A: NaN, kRelative: NaN, kStdErr: 0, ready: false, orders: 0 };
  private readonly current: MarketInputsSnapshot;
  /** The time `current` was computed for, NaN once an event was observed since. */
  private snapshotTs = NaN;
  /** What the last quote was made from (see markQuoted / changedSinceQuoted), NaN before any. */
  private readonly quoted = new Float64Array(QUOTED_FIELDS).fill(NaN);
  /** The inputs' change counts at the last markQuoted (NaN before one: never equal). */
  private readonly quotedVersions = new Float64Array(6).fill(NaN);
  /** Whether the last snapshot took the intensity from the trade fit (its orders count included). */
  private snapshotUsesTrades = false;
  /** Candle events observed (a candle sets sawCandles, which the snapshot reads). */
  private candleEvents = 0;
  private readonly deferredSigmaOhlc: DeferredEstimate;
  private readonly deferredProxyRate: DeferredEstimate;
  private readonly deferredProxyK: DeferredEstimate;

  constructor(
    readonly volatilityConfig: VolatilityInputConfig,
    readonly intensityConfig: IntensityInputConfig,
    readonly options: MarketInputsOptions = { allowCandleProxyK: true },
  ) {
    const { kind, windowSamples, halfLifeSamples, candleEstimator, ohlcWindowBars, ...base } = volatilityConfig;
    this.volatility = kind === 'rolling' ? new RollingVolatility({ ...base, windowSamples }) : new EwmaVolatility({ ...base, halfLifeSamples });
    const estimator = candleEstimator === 'close-to-close' ? 'yang-zhang' : candleEstimator;
    this.ohlc = new OhlcVolatility({ estimator, windowBars: ohlcWindowBars, minBars: Math.min(ohlcWindowBars, base.minSamples), fallbackSigma: base.fallbackSigma });
    if (intensityConfig.source === 'candle-proxy' && !options.allowCandleProxyK) {
      throw new ConfigError('intensity.source', 'candle-proxy is not allowed for this model (it needs an arrival rate A, which the candle proxy does not measure): use auto, trades or fixed');
    }
    const fallback = { fallbackA: intensityConfig.fixedA, fallbackK: intensityConfig.fixedK };
    this.trades = new IntensityEstimator({ ...intensityConfig.trades, ...fallback });
    this.candles = new CandleExcursionProxy(intensityConfig.candles);
    const ohlc = this.ohlc;
    const candles = this.candles;
    this.deferredSigmaOhlc = new DeferredEstimate(() => ohlc.version, () => ohlc.sigma);
    this.deferredProxyRate = new DeferredEstimate(() => candles.version, () => candles.estimate().reachRate);
    this.deferredProxyK = new DeferredEstimate(() => candles.version, () => candles.estimate().kRelative);
    this.current = {
      sigma: NaN, sigmaCloseToClose: NaN, sigmaOhlc: NaN, sigmaOhlcDeferred: false, volatilityReady: false,
      intensity: { A: NaN, kRelative: NaN, kStdErr: 0, ready: false, orders: 0 }, intensitySource: 0, candleProxy: this.candles.estimate(), candleProxyDeferred: false,
    };
  }

  static parse(volatility: unknown, intensity: unknown, path: string, options?: MarketInputsOptions): MarketInputs {
    return new MarketInputs(parseConfig(volatilityInputSchema, volatility, `${path}.volatility`), parseConfig(intensityInputSchema, intensity, `${path}.intensity`), options);
  }

  observe(event: MarketEvent): void {
    this.snapshotTs = NaN;
    switch (event.kind) {
      case 'candle':
        this.sawCandles = true;
        this.candleEvents++;
        // The estimators take the candle itself, not its numbers (a number passed to a call V8 does
        // not inline is boxed: a heap number per call, per bar).
        this.volatility.updateClose(event);
        this.ohlc.updateCandle(event);
        this.candles.observeCandle(event);
        this.trades.observeClose(event);
        break;
      case 'trade':
        if (!this.sawQuotes) this.volatility.update(event.ts, event.price);
        this.trades.observeTrade(event.ts, event.price, event.aggressor);
        break;
      case 'bbo':
        this.sawQuotes = true;
        this.observeMid(event.ts, (event.bidPrice + event.askPrice) / 2);
        break;
      case 'book':
        if (event.bids.length > 0 && event.asks.length > 0) {
          this.sawQuotes = true;
          this.observeMid(event.ts, (event.bids[0][0] + event.asks[0][0]) / 2);
        }
        break;
      case 'depth':
        break;
    }
  }

  /**
   * The inputs at `at.now` (a StrategyContext will do: the time comes in an object, as it goes on
   * to the trade fit, because a number passed to a call V8 does not inline is boxed, a heap number
   * per quote). The same object every call (updated in place): copy what you keep.
   */
  snapshot(at: Clock): MarketInputsSnapshot {
    const now = at.now;
    // Asked again at the same time with no event in between (a split strategy's observe, then its
    // quote): the same inputs (the trade fit's time-driven update at `now` has run), not recomputed.
    if (now === this.snapshotTs) return this.current;
    this.snapshotTs = now;
    const c = this.intensityConfig;
    const source = c.source;
    const out = this.current;
    const intensity = out.intensity;
    intensity.A = c.fixedA;
    intensity.kRelative = c.fixedK;
    intensity.kStdErr = 0;
    intensity.ready = false;
    intensity.orders = 0;
    let intensitySource = 0;
    this.snapshotUsesTrades = false;
    if (source === 'trades' || source === 'auto') {
      const fromTrades = this.trades.estimateInto(at, this.fromTrades);
      if (fromTrades.ready || source === 'trades') {
        this.snapshotUsesTrades = true;
        intensity.A = fromTrades.A;
        intensity.kRelative = fromTrades.kRelative;
        intensity.kStdErr = fromTrades.kStdErr;
        intensity.ready = fromTrades.ready;
        intensity.orders = fromTrades.orders;
        intensitySource = fromTrades.ready ? 1 : 0;
      }
    }
    const proxyK = source === 'candle-proxy' || (source === 'auto' && intensitySource === 0 && this.options.allowCandleProxyK);
    // The proxy is fitted here only when it may supply k; otherwise only if its diagnostics are read.
    const candleProxy = proxyK ? this.candles.estimate() : out.candleProxy;
    if (proxyK && candleProxy.ready) {
      // Only the proxy's k: its rate is an excursion probability, so A stays the configured one.
      intensity.A = c.fixedA;
      intensity.kRelative = candleProxy.kRelative;
      intensity.kStdErr = 0;
      intensity.ready = true;
      intensity.orders = 0;
      intensitySource = 2;
    }
    const sigmaCloseToClose = this.volatility.sigma;
    const useOhlc = this.sawCandles && this.volatilityConfig.candleEstimator !== 'close-to-close' && this.ohlc.ready;
    // The OHLC sigma is computed here only when it feeds the model; otherwise only if reported.
    // (Number.NaN: V8 boxes the other number of `x ? y : NaN`, see contextMid.)
    const sigmaOhlc = useOhlc ? this.ohlc.sigma : Number.NaN;
    out.sigma = useOhlc ? sigmaOhlc : sigmaCloseToClose;
    out.sigmaCloseToClose = sigmaCloseToClose;
    out.sigmaOhlc = sigmaOhlc;
    out.sigmaOhlcDeferred = !useOhlc;
    out.volatilityReady = useOhlc || this.volatility.ready;
    out.intensitySource = intensitySource;
    out.candleProxy = candleProxy;
    out.candleProxyDeferred = !proxyK;
    return out;
  }

  /** Records the snapshot a quote is made from (what changedSinceQuoted compares against). */
  markQuoted(inputs: MarketInputsSnapshot): void {
    this.record(inputs, this.quoted);
    this.versions(this.quotedVersions);
  }

  /** How many times each input the snapshot is made from changed (see changedSinceQuoted). */
  private versions(into: Float64Array): void {
    into[0] = this.volatility.version;
    into[1] = this.ohlc.version;
    into[2] = this.candles.version;
    into[3] = this.trades.version;
    into[4] = this.candleEvents;
    into[5] = this.snapshotUsesTrades ? 1 : 0;
  }

  /**
   * For a strategy asked for quotes only when their inputs changed: the inputs at `now` (running
   * the time-driven updates a quote at `now` runs: the trade fit's recalibration when due, so the
   * estimators evolve exactly as when quoting on every event; an eviction alone may wait for the
   * next estimate, which forgets the same orders before it refits or reports), and whether
   * anything a quote reads or reports differs from the last markQuoted snapshot. A reported-only
   * estimate counts by its estimator's version (it is not computed here).
   */
  changedSinceQuoted(at: Clock): boolean {
    const now = at.now;
    // No estimator changed since the quote (their change counts are as then) and no refit is due
    // at `now`: the snapshot at `now` would be the quoted one, number for number (most tick
    // events). Not computed then.
    // The trade fit's orders count only while the snapshot takes its numbers (then an eviction or a
    // new order changes them); otherwise only whether it is ready, which changes only at a refit.
    const v = this.quotedVersions;
    const trades = this.trades;
    if (
      !trades.refitDueAt(now) && this.volatility.version === v[0] && this.ohlc.version === v[1] &&
      this.candles.version === v[2] && this.candleEvents === v[4] &&
      (v[5] === 0 || (!trades.evictionDueAt(now) && trades.version === v[3]))
    ) {
      return false;
    }
    // record()'s numbers, compared one by one with the quoted ones as they are formed (the first
    // difference answers; nothing is written).
    const inputs = this.snapshot(at);
    const q = this.quoted;
    const intensity = inputs.intensity;
    return !(
      sameNumber(inputs.sigma, q[0]) &&
      sameNumber(inputs.sigmaCloseToClose, q[1]) &&
      sameNumber(inputs.sigmaOhlcDeferred ? -1 - this.ohlc.version : inputs.sigmaOhlc, q[2]) &&
      sameNumber(inputs.volatilityReady ? 1 : 0, q[3]) &&
      sameNumber(intensity.A, q[4]) &&
      sameNumber(intensity.kRelative, q[5]) &&
      sameNumber(intensity.kStdErr, q[6]) &&
      sameNumber(intensity.ready ? 1 : 0, q[7]) &&
      sameNumber(intensity.orders, q[8]) &&
      sameNumber(inputs.intensitySource, q[9]) &&
      sameNumber(inputs.candleProxyDeferred ? -1 - this.candles.version : inputs.candleProxy.reachRate, q[10]) &&
      sameNumber(inputs.candleProxyDeferred ? Number.NaN : inputs.candleProxy.kRelative, q[11])
    );
  }

  /** The numbers of a snapshot that tell a changed one (changedSinceQuoted forms the same ones, in this order). */
  private record(inputs: MarketInputsSnapshot, into: Float64Array): void {
    into[0] = inputs.sigma;
    into[1] = inputs.sigmaCloseToClose;
    into[2] = inputs.sigmaOhlcDeferred ? -1 - this.ohlc.version : inputs.sigmaOhlc;
    into[3] = inputs.volatilityReady ? 1 : 0;
    into[4] = inputs.intensity.A;
    into[5] = inputs.intensity.kRelative;
    into[6] = inputs.intensity.kStdErr;
    into[7] = inputs.intensity.ready ? 1 : 0;
    into[8] = inputs.intensity.orders;
    into[9] = inputs.intensitySource;
    into[10] = inputs.candleProxyDeferred ? -1 - this.candles.version : inputs.candleProxy.reachRate;
    into[11] = inputs.candleProxyDeferred ? Number.NaN : inputs.candleProxy.kRelative;
  }

  /** Writes INPUT_DIAGNOSTIC_SLOTS of a snapshot into the slots of `d` starting at `first` (reported-only estimates deferred). */
  writeDiagnostics(d: QuoteDiagnostics, first: number, inputs: MarketInputsSnapshot): void {
    const values = d.values;
    values[first] = inputs.volatilityReady ? 1 : 0;
    values[first + 1] = inputs.intensity.ready ? 1 : 0;
    values[first + 2] = inputs.intensitySource;
    values[first + 3] = inputs.sigmaCloseToClose;
    // A slot written now is written straight into `values` once no deferred value of an earlier
    // quote holds it (d.set(slot, value) in effect, with no number passed to a call: one V8 does not
    // inline boxes it, a heap number per quote).
    if (inputs.sigmaOhlcDeferred) this.deferredSigmaOhlc.deferInto(d, first + 4);
    else {
      undefer(d, first + 4);
      values[first + 4] = inputs.sigmaOhlc;
    }
    if (inputs.candleProxyDeferred) {
      this.deferredProxyRate.deferInto(d, first + 5);
      this.deferredProxyK.deferInto(d, first + 6);
    } else {
      undefer(d, first + 5);
      undefer(d, first + 6);
      values[first + 5] = inputs.candleProxy.reachRate;
      values[first + 6] = inputs.candleProxy.kRelative;
    }
  }

  private observeMid(ts: number, mid: number): void {
    this.volatility.update(ts, mid);
    this.trades.observeMid(ts, mid);
  }
}
