import { SeededRandom, parseConfig, type ConfigOf, type ConfigSchema } from '@mml/core';

// Math's functions are bound once per module: under jest every test module runs in a vm context
// where each global lookup (`Math`) goes through the context's interceptors, which made the hot
// loops here ~30x slower in tests than in node (1 day of the known-edge market: 20.6 s vs 0.6 s).
const { ceil: MCeil, exp: MExp, floor: MFloor, log: MLog, max: MMax, min: MMin, round: MRound, sqrt: MSqrt } = Math;

/**
 * A synthetic market whose answer is known: the expected spread capture and adverse selection of
 * any quoting rule follow from these parameters in closed form (see `known-edge-oracle.ts`).
 *
 * - A latent efficient price V lives on the tick grid; the market's quoted touch is always
 *   V ± spreadTicks/2 ticks, so the mid every consumer sees is V itself.
 * - V diffuses: at every step boundary it moves by a Gaussian number of ticks (rounded, so the
 *   move is symmetric: V is a martingale).
 * - Marketable orders arrive as one merged Poisson process of rate 2A (A per side). Each is
 *   informed with probability `informedShare`, otherwise uninformed; its side is a fair coin.
 *   Its reach beyond V is Exp(k) (uninformed) or Exp(k_I) (informed); it prints at the touch or
 *   at V ± reach rounded away from V, whichever is further. A resting ask at distance δ ≥ half the
 *   spread from V is therefore traded through by uninformed buys at rate (1−φ)·A·e^(−kδ) and by
 *   informed buys at rate φ·A·e^(−k_I δ), independently of anything that happened before.
 * - Uninformed orders carry no information: their side is independent of every future move.
 *   An informed order's side predicts the next move of V: right after it prints, V moves
 *   `informedMoveTicks` ticks in its direction (a new touch at the same ts).
 *
 * All prices are integer ticks and sizes integer lots inside; events carry on-grid decimals.
 */
export const KNOWN_EDGE_MARKET_SCHEMA = {
  seed: { type: 'number', default: 1, integer: true, unit: 'seed', doc: 'PRNG seed; equal seeds give byte-identical output' },
  startTime: { type: 'number', default: Date.UTC(2024, 0, 1), integer: true, min: 0, unit: 'ms', doc: 'Unix ms of the first event' },
  durationMinutes: { type: 'number', default: 60, min: 0, exclusiveMin: true, unit: 'min', doc: 'length of the generated market' },
  stepMs: { type: 'number', default: 1000, integer: true, min: 1, unit: 'ms', doc: 'interval of the diffusive moves of V (and of bbo events)' },
  initialPrice: { type: 'number', default: 28_000, min: 0, exclusiveMin: true, unit: 'quote', doc: 'V at startTime (moved onto the grid)' },
  tickSize: { type: 'number', default: 0.01, min: 0, exclusiveMin: true, unit: 'quote', doc: 'price grid' },
  lotSize: { type: 'number', default: 0.00001, min: 0, exclusiveMin: true, unit: 'base', doc: 'size grid (every trade is at least one lot)' },
  spreadTicks: { type: 'number', default: 1, integer: true, min: 1, unit: 'ticks', doc: 'quoted spread of the market (touch = V ± spreadTicks/2)' },
  volatilityPerMinute: { type: 'number', default: 0.0003, min: 0, unit: 'log-return/sqrt(min)', doc: 'diffusive volatility of V; the informed moves add 2·φ·A·J² per second of variance (defaults: 0.0003 diffusive + informed ≈ 0.0005 per 1m, BTC/USDT)' },
  arrivalRatePerSecond: { type: 'number', default: 5, min: 0, unit: '1/s per side', doc: 'A: marketable orders per side per second (informed and uninformed together)' },
  depthDecayPerQuote: { type: 'number', default: 0.25, min: 0, exclusiveMin: true, unit: '1/quote', doc: 'k: the reach of an uninformed order beyond V is Exp(k) (mean 1/k quote units)' },
  informedShare: { type: 'number', default: 0.1, min: 0, max: 0.99, unit: 'fraction', doc: 'φ: share of arrivals that are informed' },
  informedDepthDecay: { type: 'number', default: 0, min: 0, unit: '1/quote', doc: 'k_I: reach decay of informed orders (0 = same as depthDecayPerQuote)' },
  informedMoveTicks: { type: 'number', default: 150, integer: true, min: 0, unit: 'ticks', doc: 'J: how far V moves in the informed order\'s direction right after it prints' },
  tradeSizeMean: { type: 'number', default: 0.02, min: 0, exclusiveMin: true, unit: 'base', doc: 'mean trade size (lognormal, independent of everything else)' },
  tradeSizeLogStdev: { type: 'number', default: 1, min: 0, unit: 'log', doc: 'lognormal spread of trade size' },
  touchQty: { type: 'number', default: 5, min: 0, exclusiveMin: true, unit: 'base', doc: 'size shown at the best bid and ask (bbo and level 0 of the book)' },
  emitTrades: { type: 'boolean', default: true, doc: 'emit trade events' },
  emitBbo: { type: 'boolean', default: true, doc: 'emit a bbo event whenever the touch moves' },
  emitBooks: { type: 'boolean', default: false, doc: 'emit L2 snapshots every bookIntervalMs' },
  bookIntervalMs: { type: 'number', default: 1000, integer: true, min: 1, unit: 'ms', doc: 'L2 snapshot interval (a multiple of stepMs)' },
  bookLevels: { type: 'number', default: 10, integer: true, min: 1, unit: 'levels', doc: 'levels per side in a snapshot' },
  bookLevelQty: { type: 'number', default: 5, min: 0, exclusiveMin: true, unit: 'base', doc: 'quantity per level beyond the touch (level i shows bookLevelQty x (1 + i))' },
  emitCandles: { type: 'boolean', default: false, doc: 'emit candles derived from the trades at each bar close' },
  candleMs: { type: 'number', default: 60_000, integer: true, min: 1000, unit: 'ms', doc: 'candle length (a multiple of stepMs)' },
} as const satisfies ConfigSchema;

export type KnownEdgeMarketConfig = ConfigOf<typeof KNOWN_EDGE_MARKET_SCHEMA>;

/** Parses and cross-checks a known-edge config (unknown keys and bad values throw, naming the key). */
export function parseKnownEdgeConfig(input: Partial<KnownEdgeMarketConfig> | unknown = {}, path = 'knownEdge'): KnownEdgeMarketConfig {
  const cfg = parseConfig(KNOWN_EDGE_MARKET_SCHEMA, input, path);
  if (cfg.candleMs % cfg.stepMs !== 0) throw new RangeError(`${path}.candleMs (${cfg.candleMs}) must be a multiple of stepMs (${cfg.stepMs})`);
  if (cfg.emitBooks && cfg.bookIntervalMs % cfg.stepMs !== 0) throw new RangeError(`${path}.bookIntervalMs (${cfg.bookIntervalMs}) must be a multiple of stepMs (${cfg.stepMs})`);
  return cfg;
}

/** Informed reach decay in effect (k_I, defaulting to k). */
export function informedDecay(cfg: KnownEdgeMarketConfig): number {
  return cfg.informedDepthDecay > 0 ? cfg.informedDepthDecay : cfg.depthDecayPerQuote;
}

/** What the flow reports, in integer ticks and lots. `informed` is ground truth, never in an event. */
export interface KnownEdgeSink {
  /** A step starts at `ts`, before its diffusive move (bars closing at `ts` are complete). */
  stepStart?(ts: number): void;
  /** The touch moved (or the run starts): best bid at `bidTicks`, best ask at bidTicks + spreadTicks. */
  touch(ts: number, bidTicks: number): void;
  trade(ts: number, priceTicks: number, lots: number, buy: boolean, informed: boolean): void;
  /** A step boundary at `ts` (after its touch), for periodic snapshots and bar closes. */
  stepBoundary?(ts: number, bidTicks: number): void;
}

/**
 * The simulation core shared by the event generator and the fused candle builder: both draw the
 * same random numbers in the same order, so candles built either way are identical.
 */
export class KnownEdgeFlow {
  readonly cfg: KnownEdgeMarketConfig;
  readonly steps: number;
  private readonly diffusion: SeededRandom;
  private readonly arrivals: SeededRandom;
  private readonly sizes: SeededRandom;
  private readonly stepSigmaLog: number;
  private readonly totalRatePerMs: number;
  private readonly kU: number;
  private readonly kI: number;
  private readonly sizeMu: number;
  private readonly invTick: number;
  private readonly invLot: number;
  private readonly halfSpreadTicks: number;
  private bidTicks: number;
  private step = 0;
  private nextArrivalMs: number;

  constructor(input: Partial<KnownEdgeMarketConfig> | unknown = {}) {
    const cfg = parseKnownEdgeConfig(input);
    this.cfg = cfg;
    const root = new SeededRandom(cfg.seed);
    this.diffusion = root.fork('diffusion');
    this.arrivals = root.fork('arrivals');
    this.sizes = root.fork('sizes');
    this.steps = MMax(1, MRound((cfg.durationMinutes * 60_000) / cfg.stepMs));
    this.stepSigmaLog = cfg.volatilityPerMinute * MSqrt(cfg.stepMs / 60_000);
    this.totalRatePerMs = (2 * cfg.arrivalRatePerSecond) / 1000;
    this.kU = cfg.depthDecayPerQuote;
    this.kI = informedDecay(cfg);
    this.sizeMu = MLog(cfg.tradeSizeMean) - 0.5 * cfg.tradeSizeLogStdev ** 2;
    this.invTick = 1 / cfg.tickSize;
    this.invLot = 1 / cfg.lotSize;
    this.halfSpreadTicks = cfg.spreadTicks / 2;
    this.bidTicks = MMax(1, MFloor(cfg.initialPrice * this.invTick - this.halfSpreadTicks + 1e-9));
    this.nextArrivalMs = cfg.startTime + this.interArrivalMs();
  }

  get done(): boolean {
    return this.step >= this.steps;
  }

  /** Time just after the last step (where the last bar closes). */
  get endTime(): number {
    return this.cfg.startTime + this.steps * this.cfg.stepMs;
  }

  /** The efficient price V (= the market mid) now, in ticks (a half-integer when spreadTicks is odd). */
  get midTicks(): number {
    return this.bidTicks + this.halfSpreadTicks;
  }

  /** Runs one step of stepMs: the diffusive move at its start (none at the first), then its arrivals. */
  advance(sink: KnownEdgeSink): void {
    const cfg = this.cfg;
    const t0 = cfg.startTime + this.step * cfg.stepMs;
    sink.stepStart?.(t0);
    if (this.step > 0) {
      const v = (this.bidTicks + this.halfSpreadTicks) * cfg.tickSize;
      const sigmaTicks = this.stepSigmaLog * v * this.invTick;
      const move = MRound(sigmaTicks * this.diffusion.normal());
      this.bidTicks = MMax(1, this.bidTicks + move);
    }
    sink.touch(t0, this.bidTicks);
    sink.stepBoundary?.(t0, this.bidTicks);
    const end = t0 + cfg.stepMs;
    const rng = this.arrivals;
    while (this.nextArrivalMs < end) {
      const ts = MFloor(this.nextArrivalMs);
      const buy = rng.uniform() < 0.5;
      const informed = rng.uniform() < cfg.informedShare;
      const reachTicks = rng.exponential(informed ? this.kI : this.kU) * this.invTick;
      const v = this.bidTicks + this.halfSpreadTicks;
      // Beyond the touch the print is V ± reach rounded away from V: through a resting price p
      // exactly when the reach exceeds |p − V|.
      const priceTicks = buy
        ? MMax(this.bidTicks + cfg.spreadTicks, MCeil(v + reachTicks - 1e-9))
        : MMax(1, MMin(this.bidTicks, MFloor(v - reachTicks + 1e-9)));
      const lots = MMax(1, MCeil(MExp(this.sizeMu + cfg.tradeSizeLogStdev * this.sizes.normal()) * this.invLot - 1e-9));
      sink.trade(ts, priceTicks, lots, buy, informed);
      if (informed && cfg.informedMoveTicks > 0) {
        this.bidTicks = MMax(1, this.bidTicks + (buy ? cfg.informedMoveTicks : -cfg.informedMoveTicks));
        sink.touch(ts, this.bidTicks);
      }
      this.nextArrivalMs += this.interArrivalMs();
    }
    this.step++;
  }

  private interArrivalMs(): number {
    return this.totalRatePerMs > 0 ? this.arrivals.exponential(this.totalRatePerMs) : Infinity;
  }
}
