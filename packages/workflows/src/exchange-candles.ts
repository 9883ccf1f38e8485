// The exchange module of @mml/market-data (ccxt sources, and the live streams with rxjs), behind a
// module of our own so market-candles.ts loads it only for exchange data: a lazy require of the
// library itself would mark the whole library lazy-loaded.
export { createCcxtExchange, exchangeUrlFromEnv, ExchangeSource } from '@mml/market-data/exchange';
