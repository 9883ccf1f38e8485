// @mml/market-data/exchange: the parts of market-data whose types are ccxt's (a ccxt exchange and
// the source around it). A separate entry so that a consumer of the main entry never compiles
// ccxt's type declarations (they need skipLibCheck); ccxt itself is loaded only when an exchange
// is created (ccxt-module.ts), whichever entry is used.
export { createCcxtExchange, type CcxtExchangeOptions } from './ccxt-exchange';
export { exchangeUrlFromEnv } from './exchange-url';
export { ExchangeSource, type ExchangeSourceOptions, type FetchedCandles } from './exchange-source';
