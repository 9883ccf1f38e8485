import type { RetryOptions } from './retry';

/**
 * Options of an ExchangeSource. In a file of its own, free of ccxt's types, so that fetchData's and
 * fetchTradesData's declarations (main entry) can name it without pulling ccxt's into a consumer.
 */
export interface ExchangeSourceOptions extends RetryOptions {
  /** Bars per kline request (default 1000, Binance's maximum). */
  pageLimit?: number;
  /** "Now" in ms, to decide which bars are closed (default: the exchange's clock). */
  now?: () => number;
}
