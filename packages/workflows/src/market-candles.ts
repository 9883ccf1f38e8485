import { createHash } from 'node:crypto';
import { BINANCE_BTCUSDT_SPOT, BINANCE_BTCUSDT_USDM_PERP, type CandleEvent, type InstrumentSpec } from '@mml/core';
import type * as MarketData from '@mml/market-data';
import { loadCandlesCached, type DataQualityReport } from '@mml/market-data/files';
import type * as ExchangeCandles from './exchange-candles';
import type { DataDescription } from '@mml/reports';
import type * as CcxtMarkets from './ccxt-markets';
import { CANDLE_WIDTH, packCandles, packedOpenTime, packedTs, unpackCandles, type PackedCandles } from './packed-candles';
import { takePrefetchedCandles } from './candle-prefetch';
import { defaultCandleCacheDir } from './candle-cache-dir';

/**
 * Where a workflow's candles come from. The synthetic market (calibrated to BTC/USDT) is the
 * default so the main commands run with no network and no data files.
 */
export type CandleSourceKind = 'synthetic' | 'file' | 'exchange';

/**
 * Which synthetic market: 'known-edge' (default; market-data's known-edge flow: uninformed and
 * informed order flow around a latent efficient price, 1m candles derived from its trades, so a
 * quoter has a known positive edge before fees) or 'gbm' (the earlier BTC/USDT-calibrated
 * GBM/jump mid path, whose candles come from the mid itself: no order flow, negative edge by
 * construction).
 */
export type SyntheticMarketKind = 'known-edge' | 'gbm';
export const SYNTHETIC_MARKETS: readonly SyntheticMarketKind[] = ['known-edge', 'gbm'];

export interface CandleSourceOptions {
  source: CandleSourceKind;
  /** CSV / CSV.gz kline file, for source 'file'. */
  dataPath?: string;
  /** Last N days of the file / exchange history / length of the synthetic series. */
  days: number;
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  exchangeUrl?: string;
  /** Seed of the synthetic market. */
  seed?: number;
  /** Which synthetic market (default 'known-edge'). */
  syntheticMarket?: SyntheticMarketKind;
  /** Data-quality policy for files (default 'fail'). */
  quality?: 'fail' | 'drop' | 'mark';
}

export interface LoadedCandles {
  /** The bars; empty when they are given `packed` only (asked for with `{ packed: true }`). */
  candles: CandleEvent[];
  instrument: InstrumentSpec;
  data: DataDescription;
  quality?: DataQualityReport;
  /** The same bars packed in shared memory, when the loader had them so (a prefetched file). */
  packed?: PackedCandles;
}

/**
 * How a caller takes the bars. `packed: true`: when the loader has them packed (a prefetched file),
 * return them as `packed` only, with `candles` empty: building ~50k objects (~50 ms cold) is left to
 * callers that need them. Research reads only `packed`.
 */
export interface CandleTake {
  packed?: boolean;
}

export async function loadWorkflowCandles(options: CandleSourceOptions, take: CandleTake = {}): Promise<LoadedCandles> {
  if (!(options.days > 0)) throw new RangeError(`--days must be > 0, got ${options.days}`);
  switch (options.source) {
    case 'file': {
      if (!options.dataPath) throw new RangeError('--source file needs --data <csv|csv.gz>');
      const request = { path: options.dataPath, lastDays: options.days, policy: options.quality ?? 'fail' } as const;
      // Loaded on a thread while the app was starting, when it guessed this very load (candle-prefetch.ts).
      // Loaded on a thread while the app was starting, when it guessed this very load (candle-prefetch.ts);
      // otherwise through market-data's cache of loaded kline files (data/cache/candles): a second run skips the parse.
      const loaded = (await takePrefetchedCandles(request)) ?? (await loadCandlesCached(request.path, { lastDays: request.lastDays, policy: request.policy }, defaultCandleCacheDir()));
      const count = 'packed' in loaded ? loaded.packed.count : loaded.candles.length;
      if (count === 0) throw new RangeError(`${options.dataPath}: no candles in the last ${options.days} days`);
      const { quality } = loaded;
      if ('packed' in loaded) {
        const { packed } = loaded;
        return { candles: take.packed ? [] : unpackCandles(packed), packed, quality, instrument: instrumentFor(options), data: describe(options.dataPath, packed, options) };
      }
      return { candles: loaded.candles, quality, instrument: instrumentFor(options), data: describe(options.dataPath, loaded.candles, options) };
    }
    case 'synthetic':
      return loadSynthetic(options);
    case 'exchange':
      return loadFromExchange(options);
  }
}

/**
 * Files carry no tick, lot or fees, so file and synthetic runs use a built-in spec: Binance spot
 * BTC/USDT from @mml/core, and ETH/USDT (the other shared file) with Binance's spot filters
 * (tick 0.01, lot 0.0001, min notional 5 USDT) and the 0.1% base fee tier. Other symbols: use
 * --source exchange, which reads the spec from the exchange.
 */
const BUILT_IN_SPECS: Readonly<Record<string, InstrumentSpec>> = {
  BTCUSDT: { ...BINANCE_BTCUSDT_SPOT },
  ETHUSDT: { ...BINANCE_BTCUSDT_SPOT, symbol: 'ETH/USDT', base: 'ETH', lotSize: '0.0001' },
  // ccxt's symbol for the USD-M perpetual: BTC/USDT:USDT (run on spot candles it approximates the perp's price).
  'BTCUSDT:USDT': { ...BINANCE_BTCUSDT_USDM_PERP },
};

function instrumentFor(options: CandleSourceOptions): InstrumentSpec {
  const symbol = options.symbol ?? 'BTC/USDT';
  const spec = BUILT_IN_SPECS[symbol.replace('/', '').toUpperCase()];
  if (!spec) throw new RangeError(`--symbol ${symbol}: no built-in instrument spec for file and synthetic data (known: BTC/USDT, ETH/USDT, BTC/USDT:USDT); use --source exchange`);
  return { ...spec };
}

/**
 * Data description with a checksum of the candles actually used (not of the whole file): a
 * SHA-256 of their packed rows (given packed, or packed here; the same bytes either way).
 */
export function describe(source: string, candles: readonly CandleEvent[] | PackedCandles, options: Pick<CandleSourceOptions, 'symbol' | 'timeframe'>): DataDescription {
  const packed = 'data' in candles ? candles : packCandles(candles);
  const count = packed.count;
  const checksum = 'sha256:' + createHash('sha256').update(Buffer.from(packed.data.buffer, packed.data.byteOffset, count * CANDLE_WIDTH * Float64Array.BYTES_PER_ELEMENT)).digest('hex');
  return {
    source,
    symbol: options.symbol ?? 'BTC/USDT',
    timeframe: options.timeframe ?? '1m',
    startTs: count > 0 ? packedOpenTime(packed, 0) : 0,
    endTs: count > 0 ? packedTs(packed, count - 1) : 0,
    events: count,
    checksum,
  };
}

/**
 * Longest synthetic series, in days. The synthetic market is generated whole into memory (its
 * event path, then 1m candle objects, then packed for the workers), so its memory and time grow
 * with --days: 366 days is ~527k bars. Longer runs would grow without limit (100,000 days: 144M
 * bars); they are refused before any work starts.
 */
export const MAX_SYNTHETIC_DAYS = 366;

/** `days` of 1m candles from a synthetic market with its BTC/USDT-calibrated defaults. */
export function syntheticCandles(days: number, seed: number, market: SyntheticMarketKind = 'known-edge'): CandleEvent[] {
  if (!(days > 0 && days <= MAX_SYNTHETIC_DAYS)) {
    throw new RangeError(`--days ${days}: the synthetic market is generated in memory; allowed range is (0, ${MAX_SYNTHETIC_DAYS}] days`);
  }
  const durationMinutes = Math.round(days * 1440);
  // market-data's index (with its synthetic markets) loads only here: a file run never needs it.
  const { BTCUSDT_CALIBRATED, generateKnownEdgeCandles, generateSyntheticCandles } = require('@mml/market-data') as typeof MarketData;
  switch (market) {
    case 'known-edge':
      return generateKnownEdgeCandles({ seed, durationMinutes });
    case 'gbm':
      return generateSyntheticCandles({ ...BTCUSDT_CALIBRATED, seed, durationMinutes });
    default:
      throw new RangeError(`--synthetic-market must be one of ${SYNTHETIC_MARKETS.join(', ')}, got "${String(market)}"`);
  }
}

/** How a synthetic market is named in data descriptions and summaries. */
export function syntheticMarketLabel(market: SyntheticMarketKind): string {
  return market === 'known-edge' ? 'known-edge (market-data defaults)' : 'BTCUSDT_CALIBRATED (GBM/jumps)';
}

function loadSynthetic(options: CandleSourceOptions): LoadedCandles {
  const seed = options.seed ?? 1;
  const market = options.syntheticMarket ?? 'known-edge';
  const candles = syntheticCandles(options.days, seed, market);
  return { candles, instrument: instrumentFor(options), data: describe(`synthetic:${market === 'known-edge' ? 'known-edge' : 'BTCUSDT_CALIBRATED'} seed ${seed}`, candles, options) };
}

/**
 * The last `days` of closed bars from the exchange through market-data's ccxt source (retries with
 * backoff; `exchangeUrl` / MML_EXCHANGE_URL override the REST base). "Now" is the exchange's clock.
 */
async function loadFromExchange(options: CandleSourceOptions): Promise<LoadedCandles> {
  const exchangeId = options.exchange ?? 'binance';
  const symbol = options.symbol ?? 'BTC/USDT';
  const timeframe = options.timeframe ?? '1m';
  // Loaded only for exchange data: the exchange module brings the live streams (rxjs) with it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createCcxtExchange, exchangeUrlFromEnv, ExchangeSource } = require('./exchange-candles') as typeof ExchangeCandles;
  const { retryTransient, withMarketsRecovery } = require('./ccxt-markets') as typeof CcxtMarkets;
  const exchange = createCcxtExchange(exchangeId, { url: options.exchangeUrl ?? exchangeUrlFromEnv() });
  const source = new ExchangeSource(exchange, { maxAttempts: 1 });
  // Markets first, with retries that survive ccxt's cached rejection (see ccxt-markets.ts); the
  // source's calls then retry on their own.
  const instrument = await retryTransient(() => withMarketsRecovery(exchange, () => source.fetchInstrument(symbol)), 5, 500);
  const data = new ExchangeSource(exchange);
  const now = await data.fetchTime();
  const { candles, quality } = await data.fetchCandles(symbol, timeframe, now - options.days * 86_400_000, now);
  if (candles.length === 0) throw new RangeError(`${exchangeId} ${symbol} ${timeframe}: no closed candles in the last ${options.days} days`);
  return { candles, quality, instrument, data: describe(`${exchangeId}:${symbol} ${timeframe}`, candles, { symbol, timeframe }) };
}

