// exchangeInfo bodies for the symbols of served captures, with Binance's real filters for the
// shared captures' instruments (tick, lot, min notional; COIN-M contract size), so ccxt's markets
// carry the real grid. Unknown symbols get a generic grid (documented in README.md).
'use strict';

/** Binance's filters for the instruments of ../shared/data/ticks (checked on binance.com, 2024). */
const SPECS = {
  'spot:BTCUSDT': { tick: '0.01', step: '0.00001', minNotional: '5' },
  'spot:ETHUSDT': { tick: '0.01', step: '0.0001', minNotional: '5' },
  'spot:NEXOUSDT': { tick: '0.001', step: '0.1', minNotional: '5' },
  'usdm:BTCUSDT': { tick: '0.10', step: '0.001', minNotional: '100' },
  'usdm:ETHUSDT': { tick: '0.01', step: '0.001', minNotional: '20' },
  'coinm:BTCUSD_PERP': { tick: '0.1', step: '1', contractSize: 100 },
};
const GENERIC = { tick: '0.01', step: '0.001', minNotional: '5', contractSize: 10 };

function split(symbol) {
  const m = /^([A-Z0-9]+?)(USDT|USDC|BUSD|FDUSD|BTC|ETH|USD)(_PERP)?$/.exec(symbol);
  if (!m) throw new Error(`cannot split symbol ${symbol} into base and quote`);
  return { base: m[1], quote: m[2] };
}

function decimals(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function spotSymbolInfo(symbol) {
  const spec = SPECS[`spot:${symbol}`] ?? GENERIC;
  const { base, quote } = split(symbol);
  return {
    symbol,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: spec.tick, maxPrice: '1000000.00000000', tickSize: spec.tick },
      { filterType: 'LOT_SIZE', minQty: spec.step, maxQty: '9000.00000000', stepSize: spec.step },
      { filterType: 'NOTIONAL', minNotional: spec.minNotional, applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
  };
}

/** /fapi/v1/exchangeInfo (usdm) or /dapi/v1/exchangeInfo (coinm) for the given Binance ids. */
function futuresExchangeInfo(market, symbols) {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 }],
    exchangeFilters: [],
    symbols: symbols.map((symbol) => {
      const spec = SPECS[`${market}:${symbol}`] ?? GENERIC;
      const { base, quote } = split(symbol);
      const common = {
        symbol,
        pair: symbol.replace(/_PERP$/, ''),
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        baseAsset: base,
        quoteAsset: quote,
        pricePrecision: decimals(spec.tick),
        quantityPrecision: decimals(spec.step),
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        triggerProtect: '0.0500',
        orderTypes: ['LIMIT', 'MARKET'],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
      };
      const filters = [
        { filterType: 'PRICE_FILTER', minPrice: spec.tick, maxPrice: '4529764', tickSize: spec.tick },
        { filterType: 'LOT_SIZE', minQty: spec.step, maxQty: '1000', stepSize: spec.step },
        { filterType: 'MARKET_LOT_SIZE', minQty: spec.step, maxQty: '120', stepSize: spec.step },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      ];
      if (market === 'usdm') {
        return { ...common, status: 'TRADING', marginAsset: quote, filters: [...filters, { filterType: 'MIN_NOTIONAL', notional: spec.minNotional }] };
      }
      return { ...common, contractStatus: 'TRADING', marginAsset: base, contractSize: spec.contractSize ?? GENERIC.contractSize, equalQtyPrecision: 4, filters };
    }),
  };
}

module.exports = { futuresExchangeInfo, spotSymbolInfo };
