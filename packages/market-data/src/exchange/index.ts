// @mml/market-data/exchange: the parts of market-data whose types are ccxt's (a ccxt exchange and
// the source around it). A separate entry so that a consumer of the main entry never compiles
// ccxt's type declarations (they need skipLibCheck); ccxt itself is loaded only when an exchange
// is created (ccxt-module.ts), whichever entry is used.
export { createCcxtExchange, type CcxtExchangeOptions } from './ccxt-exchange';
export { exchangeUrlFromEnv } from './exchange-url';
export { ExchangeSource, type ExchangeSourceOptions, type FetchedCandles } from './exchange-source';
// Live public streams through ccxt pro (websocket), the raw message tap that records them, and a
// recording session (make record).
export { createCcxtProExchange, exchangeWsUrlFromEnv, STREAM_EXCHANGES, type StreamExchangeId, type CcxtProExchangeOptions } from '../streams/ccxt-pro-exchange';
export { tapRawMessages } from '../streams/raw-tap';
export {
  LiveMarketStreams,
  faultLogLine,
  DEFAULT_STREAM_BACKOFF,
  type LiveMarketStreamsOptions,
  type StreamFault,
  type StreamChannel,
  type TappedMessage,
} from '../streams/live-market-streams';
export { recordSession, type RecordSessionOptions, type RecordSessionResult } from '../streams/record-session';
