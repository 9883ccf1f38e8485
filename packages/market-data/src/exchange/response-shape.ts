import type * as ccxt from 'ccxt';

/**
 * Shape checks for exchange responses. ccxt parses whatever a server sends into its unified
 * structures without complaint: a truncated /depth body becomes an empty book, a body of junk
 * becomes levels of nulls, junk klines vanish (a "short page", i.e. silently less data). Every
 * response is therefore checked twice: the raw body against what the exchange documents (Binance
 * only, the one exchange whose URL can be overridden), and ccxt's unified result against what we
 * rely on. A problem is returned as text; the caller turns it into a retried BadResponse.
 */

type Check = (value: unknown) => string | undefined;

const isNumericText = (x: unknown): boolean => typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x));

/** Binance spot REST bodies, per ccxt call. */
const BINANCE_BODIES: Record<string, Check> = {
  fetchOHLCV: (body) => {
    if (!Array.isArray(body)) return `klines body is not an array`;
    const bad = body.findIndex((row) => !Array.isArray(row) || row.length < 6 || !Number.isSafeInteger(row[0]) || !row.slice(1, 6).every(isNumericText));
    return bad >= 0 ? `kline ${bad} is not [openTime, "open", "high", "low", "close", "volume", ...]: ${JSON.stringify(body[bad]).slice(0, 80)}` : undefined;
  },
  fetchOrderBook: (body) => {
    const book = body as { bids?: unknown; asks?: unknown } | null;
    if (!book || typeof book !== 'object' || !Array.isArray(book.bids) || !Array.isArray(book.asks)) return `depth body has no bids/asks arrays`;
    for (const side of ['bids', 'asks'] as const) {
      const levels = book[side] as unknown[];
      const bad = levels.findIndex((level) => !Array.isArray(level) || level.length < 2 || !isNumericText(level[0]) || !isNumericText(level[1]));
      if (bad >= 0) return `depth ${side}[${bad}] is not ["price", "qty"]: ${JSON.stringify(levels[bad]).slice(0, 80)}`;
    }
    return undefined;
  },
  fetchTrades: (body) => (Array.isArray(body) && body.every((t) => t !== null && typeof t === 'object' && !Array.isArray(t)) ? undefined : `trades body is not an array of trade objects`),
  loadMarkets: (body) => (body && typeof body === 'object' && Array.isArray((body as { symbols?: unknown }).symbols) ? undefined : `exchangeInfo body has no symbols array`),
  fetchTime: (body) => (body && typeof body === 'object' && Number.isSafeInteger((body as { serverTime?: unknown }).serverTime) ? undefined : `time body has no integer serverTime`),
};

/** A problem with the raw body of `call` on `exchangeId`, if its documented shape is known. */
export function rawBodyProblem(exchangeId: string, call: string, body: unknown): string | undefined {
  return exchangeId === 'binance' ? BINANCE_BODIES[call]?.(body) : undefined;
}

const positive = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;
const nonNegative = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Unified OHLCV rows: integer open time, positive finite prices, finite non-negative volume. */
export function ohlcvProblem(rows: unknown): string | undefined {
  if (!Array.isArray(rows)) return 'OHLCV is not an array';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown[];
    if (!Array.isArray(row) || row.length < 6 || !Number.isSafeInteger(row[0]) || !row.slice(1, 5).every(positive) || !nonNegative(row[5])) {
      return `OHLCV row ${i} is not [time, open, high, low, close, volume] with positive prices: ${JSON.stringify(row).slice(0, 80)}`;
    }
  }
  return undefined;
}

/**
 * A unified order book we can quote against: both sides non-empty (a book with no bids or no asks
 * has no mid; polling it again is the only sensible reaction), finite positive levels, bids
 * descending, asks ascending, not crossed.
 */
export function orderBookProblem(book: Pick<ccxt.OrderBook, 'bids' | 'asks'> | undefined): string | undefined {
  if (!book || !Array.isArray(book.bids) || !Array.isArray(book.asks)) return 'order book has no bids/asks';
  if (book.bids.length === 0 || book.asks.length === 0) return `order book is one-sided or empty (${book.bids.length} bids, ${book.asks.length} asks)`;
  for (const side of ['bids', 'asks'] as const) {
    const levels = book[side];
    for (let i = 0; i < levels.length; i++) {
      const [price, qty] = levels[i] ?? [];
      if (!positive(price) || !positive(qty)) return `order book ${side}[${i}] is not a positive [price, qty]: ${JSON.stringify(levels[i])}`;
      if (i > 0 && (side === 'bids' ? Number(price) >= Number(levels[i - 1][0]) : Number(price) <= Number(levels[i - 1][0]))) return `order book ${side} are not sorted at level ${i}`;
    }
  }
  if (Number(book.bids[0][0]) >= Number(book.asks[0][0])) return `order book is crossed (best bid ${book.bids[0][0]} >= best ask ${book.asks[0][0]})`;
  return undefined;
}

/** Unified trades: integer timestamp, positive price and amount, a numeric id. */
export function tradesProblem(trades: readonly ccxt.Trade[]): string | undefined {
  if (!Array.isArray(trades)) return 'trades are not an array';
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i];
    if (!t || !Number.isSafeInteger(t.timestamp) || !positive(t.price) || !positive(t.amount) || !Number.isFinite(Number(t.id))) {
      return `trade ${i} lacks a timestamp, positive price/amount or numeric id: ${JSON.stringify(t && { timestamp: t.timestamp, price: t.price, amount: t.amount, id: t.id })}`;
    }
  }
  return undefined;
}

/**
 * Markets as loaded by ccxt: the requested symbol's market (if listed), or else at least one
 * market, must have symbol, base, quote and positive price/amount precision. (Only these are
 * checked, not every market: a real exchange lists odd delisted markets we never use.)
 */
export function marketsProblem(markets: Record<string, ccxt.Market> | undefined, symbol: string): string | undefined {
  const all = Object.values(markets ?? {});
  if (all.length === 0) return 'no markets';
  const invalid = (m: ccxt.Market | undefined): boolean =>
    !m || typeof m.symbol !== 'string' || typeof m.base !== 'string' || typeof m.quote !== 'string' || m.base === '' || m.quote === '' || !positive(m.precision?.price) || !positive(m.precision?.amount);
  const mine = markets?.[symbol];
  if (mine !== undefined) return invalid(mine) ? `market ${symbol} lacks base/quote or a positive price/amount precision` : undefined;
  return all.every(invalid) ? `no market has base/quote and a positive price/amount precision` : undefined;
}
