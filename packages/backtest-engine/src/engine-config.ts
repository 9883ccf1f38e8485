import { ConfigError, parseConfig, type ConfigOf } from '@mml/core';

/**
 * Every engine-level option, with default, unit and meaning. Parsed strictly by `parseEngineConfig`
 * (unknown keys and out-of-range values throw a ConfigError naming the dotted key), and echoed
 * into every RunResult so a run is reproducible from its artifact.
 *
 * Defaults are conservative: strict trade-through on candles, half the bar volume assumed taken by
 * the queue ahead, at most 10% participation, risk-averse queue on tick data.
 */
export const engineConfigSchema = {
  quoteBudget: {
    type: 'number', default: 10_000, min: 0, exclusiveMin: true, unit: 'quote currency',
    doc: 'Starting cash (quote capital). Spot semantics: bids are limited to the cash on hand.',
  },
  initialInventory: {
    type: 'number', default: 0, min: 0, unit: 'base currency',
    doc: 'Starting inventory, rounded down to whole lots. Initial equity = quoteBudget + initialInventory x first mid.',
  },
  startBaseFraction: {
    type: 'number', default: 0, min: 0, max: 1, unit: 'fraction of quoteBudget',
    doc: 'Share of quoteBudget converted to base at the first mid before the run starts (floored to lots, no fee: an initial allocation, not a trade), so a spot market maker can quote both sides from the start.',
  },
  allowShort: {
    type: 'boolean', default: false,
    doc: 'Allow asks beyond the inventory held (inventory below zero, down to -hardInventoryLimit). Off = spot: never sell what you do not hold.',
  },
  fillModel: {
    type: 'string', default: 'candle', oneOf: ['candle', 'trade', 'intensity', 'l2'] as const,
    doc: 'How resting quotes fill: "candle" (OHLCV bars, strict trade-through), "trade" (tick trades with a queue model), "intensity" (Poisson fills with rate A*exp(-k*delta)), "l2" (exchange simulator on a rebuilt L2 book with queue and latency models).',
  },
  candle: {
    type: 'object',
    doc: 'Candle fill model: a bid fills only if the bar low is strictly below it (ask: high strictly above), only for orders that rested for the whole bar.',
    schema: {
      queueHaircut: {
        type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction',
        doc: 'Share of the bar volume assumed to have gone to the queue ahead of us / other prices; our usable volume is volume x (1 - queueHaircut).',
      },
      participationCap: {
        type: 'number', default: 0.1, min: 0, max: 1, exclusiveMin: true, unit: 'fraction',
        doc: 'We fill at most this fraction of the usable bar volume per side (halved when both sides trade through in one bar, because the volume split between the up- and down-leg is unknown).',
      },
    },
  },
  trade: {
    type: 'object',
    doc: 'Trade fill model (tick data): trades printing through our price fill us; at-the-price trades fill us only after the estimated queue ahead has traded.',
    schema: {
      queueModel: {
        type: 'string', default: 'risk-averse', oneOf: ['risk-averse', 'probabilistic'] as const,
        doc: '"risk-averse": the queue ahead shrinks only by trades at our price (cancels are assumed behind us). "probabilistic": a visible size decrease not explained by trades is a cancel, which is ahead of us with probability queueAhead / levelSize.',
      },
      participationCap: {
        type: 'number', default: 1, min: 0, max: 1, exclusiveMin: true, unit: 'fraction',
        doc: 'We fill at most this fraction of each eligible trade quantity.',
      },
    },
  },
  intensity: {
    type: 'object',
    doc: 'Intensity fill model (Avellaneda-Stoikov): each live order fills completely with probability min(1, A*exp(-k*delta)*dt) per event, delta = |order price - mid when quoted|, dt = the time the order was live in the step.',
    schema: {
      A: { type: 'number', default: 1, min: 0, unit: 'fills per second', doc: 'Arrival intensity at zero distance from mid.' },
      k: { type: 'number', default: 1, min: 0, unit: '1 / quote currency', doc: 'Decay of the intensity with distance from mid (price units, not ticks).' },
      dtMs: {
        type: 'number', default: 0, min: 0, unit: 'ms',
        doc: 'Time step per event; 0 = the elapsed time since the previous event. Either way only the share of the step the order was live counts.',
      },
      seed: { type: 'number', default: 1, integer: true, unit: 'seed', doc: 'Seed of the fill random stream (SeededRandom fork "intensity-fills").' },
    },
  },
  l2: {
    type: 'object',
    doc: 'L2 exchange simulator (tick data: depth snapshot + diffs, trades; bookTicker alone gives a touch-only book). Matching runs on the exchange clock (event ts); see the engine README.',
    schema: {
      queueModel: {
        type: 'string', default: 'risk-averse', oneOf: ['risk-averse', 'power', 'log'] as const,
        doc: 'How depth decreases at our level move us: "risk-averse" (never: cancels are behind us; only trades at our price advance us), "power" / "log" (hftbacktest ProbQueueModel: a decrease is behind us with probability f(back) / (f(back) + f(front)), f(x) = x^queuePower or ln(1 + x)).',
      },
      queuePower: { type: 'number', default: 2, min: 0, exclusiveMin: true, unit: 'exponent', doc: 'n of the power queue model f(x) = x^n.' },
      tradeThroughFill: {
        type: 'string', default: 'trade-qty', oneOf: ['trade-qty', 'full'] as const,
        doc: 'A trade printing through our price fills us up to its quantity ("trade-qty", shared by our orders) or completely ("full", as hftbacktest).',
      },
      crossFill: {
        type: 'boolean', default: true,
        doc: 'The opposite side of the book reaching our price fills us, up to the displayed crossing size (never reused while the book stays crossed).',
      },
      participationCap: {
        type: 'number', default: 1, min: 0, max: 1, exclusiveMin: true, unit: 'fraction',
        doc: 'We fill at most this fraction of each eligible trade quantity / crossing size.',
      },
      bookRangeFraction: {
        type: 'number', default: 0.05, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of the touch price',
        doc: 'Book levels farther than this from the touch of their side (or the first level of a snapshot) are not kept: they never matter to a quote or a liquidation, and far-off orders would stretch the dense book.',
      },
    },
  },
  latency: {
    type: 'object',
    doc: 'Order response latency and recorded latencies (entry latency: orderLatencyMs, or the file).',
    schema: {
      responseMs: {
        type: 'number', default: 0, min: 0, unit: 'ms',
        doc: 'Exchange to us: a fill (and its effect on the balances the strategy sees) reaches the strategy this long after the exchange made it.',
      },
      file: {
        type: 'string', default: '',
        doc: 'Recorded order latencies (CSV request_ts,exchange_ts,response_ts in epoch ms): entry and response latency are interpolated from it, replacing orderLatencyMs and responseMs. Empty = constant latencies.',
      },
    },
  },
  feedLatencyMs: {
    type: 'number', default: 0, min: 0, unit: 'ms',
    doc: 'Market data latency: a decision on an event stamped ts is taken at ts + feedLatencyMs.',
  },
  orderLatencyMs: {
    type: 'number', default: -1, min: -1, unit: 'ms',
    doc: 'Order entry latency: a placed order is live, and a cancelled one gone, orderLatencyMs after the decision (a cancelled order can still fill meanwhile). -1 = by fill model: 1 ms on tick data ("trade"), 0 on candles and "intensity".',
  },
  orders: {
    type: 'object',
    doc: 'Order manager: turns each QuoteIntent into place / cancel / keep.',
    schema: {
      refreshToleranceTicks: {
        type: 'number', default: 0, min: 0, integer: true, unit: 'ticks',
        doc: 'Keep a resting order (and its queue position) if the wanted price is within this many ticks and the wanted size is unchanged.',
      },
      maxOrderAgeMs: { type: 'number', default: 0, min: 0, unit: 'ms', doc: 'Replace a resting order older than this (0 = never).' },
      cooldownAfterFillMs: {
        type: 'number', default: 0, min: 0, unit: 'ms',
        doc: 'After a fill on one side, place no new order on that side for this long (cancels still go through).',
      },
      maxLevelsPerSide: { type: 'number', default: 5, min: 1, max: 50, integer: true, unit: 'levels', doc: 'Levels beyond this are ignored.' },
      postOnly: {
        type: 'boolean', default: true,
        doc: 'Quotes are post-only: a level marketable at decision time is dropped, and an order marketable when it arrives (after orderLatencyMs) is rejected. false = plain limit orders: a marketable order fills as taker at the touch on arrival.',
      },
    },
  },
  risk: {
    type: 'object',
    doc: 'Engine-level risk controls (the risk-overlays package does not duplicate these).',
    schema: {
      minEdgeBps: {
        type: 'number', default: 0, min: -10_000, unit: 'bps',
        doc: 'Fee-aware edge filter: a level is dropped when its distance from mid (bps) minus the maker fee (bps) is below this. 0 = never quote inside the fee. A level that reduces |inventory| is never dropped by this filter (see reduceOnlyBypass).',
      },
      reduceOnlyBypass: {
        type: 'boolean', default: false,
        doc: 'How the edge filter treats a level that reduces |inventory| (an ask when long, a bid when short): false = moved out to the nearest price that satisfies the filter; true = passed unchanged (may quote inside the fee to unwind).',
      },
      softInventoryLimit: {
        type: 'number', default: 0.5, min: 0, unit: 'fraction of initial equity',
        doc: '|inventory x mid| above this shrinks the position-increasing side linearly, to zero at the hard limit.',
      },
      hardInventoryLimit: {
        type: 'number', default: 1, min: 0, exclusiveMin: true, unit: 'fraction of initial equity',
        doc: 'No order may take |inventory x mid| beyond this.',
      },
      liquidationEquityFraction: {
        type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction of initial equity',
        doc: 'Equity (marked pessimistically: bar low / best bid for a long, bar high / best ask for a short) below this fraction of initial equity cancels all orders and sends a flattening taker order (it executes after orderLatencyMs). 0 = disabled.',
      },
      liquidationSlippageBps: {
        type: 'number', default: 10, min: 0, unit: 'bps',
        doc: 'Flattening price is the pessimistic touch after the order arrives (next bar open, or bar low/high if it arrived inside the bar; the worse best bid/ask around its arrival; else last price) moved this far against us, plus the taker fee.',
      },
      haltAfterLiquidation: {
        type: 'boolean', default: true,
        doc: 'After an equity liquidation, stop calling the strategy and quote nothing for the rest of the run.',
      },
    },
  },
  sampleIntervalMs: {
    type: 'number', default: 60_000, min: 1, integer: true, unit: 'ms',
    doc: 'Equity curve sampling interval, also the return period of Sharpe/Sortino.',
  },
  daysPerYear: { type: 'number', default: 365, min: 1, unit: 'days', doc: 'Annualisation basis (crypto trades every day).' },
  recordFills: { type: 'boolean', default: true, doc: 'Keep every fill in the RunResult (memory grows with the fill count).' },
} as const;

export type EngineConfig = ConfigOf<typeof engineConfigSchema>;
export type FillModelName = EngineConfig['fillModel'];

/**
 * Order latency when `orderLatencyMs` is -1 (the default), per fill model. On tick data 1 ms:
 * 64% of spot and 75% of perp trades in the shared captures share a millisecond with the previous
 * trade, so a zero-latency strategy could cancel between the prints of one sweep (a 1 bp quoter got
 * 30 fills at 0 ms vs 223 at 1 ms and 218 at 5 ms: the result is insensitive from 1 ms on); 1 ms is
 * also the resolution of Binance's exchange timestamps and below any real round trip, so it is
 * the least it can be, not a guess at a colocation figure (the same for the L2 simulator). On 1m candles decisions happen at the
 * bar close and an order must rest for a whole bar to fill, so any latency above 0 would make
 * every quote miss the next bar: 0 there (a latency of milliseconds is invisible at 1m).
 */
export const AUTO_ORDER_LATENCY_MS: Readonly<Record<FillModelName, number>> = { candle: 0, trade: 1, intensity: 0, l2: 1 };

/** Parses and validates an engine config (missing keys take their defaults; orderLatencyMs -1 is resolved per fill model). */
export function parseEngineConfig(input: unknown = {}, path = 'engine'): EngineConfig {
  const config = parseConfig(engineConfigSchema, input, path);
  if (config.risk.softInventoryLimit > config.risk.hardInventoryLimit) {
    throw new ConfigError(`${path}.risk.softInventoryLimit`, 'must be <= risk.hardInventoryLimit');
  }
  if (config.orderLatencyMs < 0) {
    if (config.orderLatencyMs !== -1) throw new ConfigError(`${path}.orderLatencyMs`, 'must be >= 0, or -1 for the fill model default');
    return { ...config, orderLatencyMs: AUTO_ORDER_LATENCY_MS[config.fillModel] };
  }
  return config;
}
