// An example plugin: one custom strategy format, "inventory-skew", usable by every app like a
// built-in format (`--plugin examples/plugins/inventory-skew-format.js --formats inventory-skew`).
//
// A plugin is a CommonJS module that exports `formats`: formats made with defineFormat. It is
// loaded in the main thread and in every worker thread (and by `make worker` queue workers, where
// the same path must exist), so it must only define formats: no side effects, no I/O.
const { emptyQuoteIntent, gridQuote } = require('@mml/core');
const { defineFormat } = require('@mml/strategies');

/** The model's parameters: type, default, unit, bounds and meaning (validated; unknown keys are errors). */
const schema = {
  spreadBps: { type: 'number', default: 30, min: 0, exclusiveMin: true, unit: 'bps of mid', doc: 'Total quoted spread around the reservation price.' },
  skewBps: { type: 'number', default: 20, min: 0, max: 1000, unit: 'bps of mid', doc: 'How far both quotes move against the inventory when the account is all base (down) or all cash (up).' },
  targetShare: { type: 'number', default: 0.5, min: 0, max: 1, unit: 'fraction of equity', doc: 'Share of equity held in base at which the quotes are centred on mid.' },
  orderFraction: { type: 'number', default: 0.05, min: 0, max: 1, exclusiveMin: true, unit: 'fraction of budget', doc: 'Order size per side as a share of the quote budget.' },
};

/**
 * Quotes a fixed spread around mid, shifted against the inventory: more base than targetShare of
 * equity -> both quotes lower (sell sooner, buy less), less -> higher. Decides on the data seen so
 * far only (the event and the context).
 */
function createInventorySkew(config) {
  return {
    name: 'inventory-skew',
    onEvent(_event, ctx) {
      const mid = ctx.mid;
      if (!(mid > 0)) return undefined;
      const size = (config.orderFraction * ctx.quoteBudget) / mid;
      const imbalance = ctx.equity > 0 ? (ctx.inventory * mid) / ctx.equity - config.targetShare : 0;
      const centre = mid * (1 - (config.skewBps / 10_000) * 2 * imbalance);
      const half = (config.spreadBps / 20_000) * mid;
      const { bid, ask } = gridQuote(ctx.instrument, { bidPrice: centre - half, askPrice: centre + half, bidSize: size, askSize: size, marketBid: ctx.bestBid, marketAsk: ctx.bestAsk });
      const intent = emptyQuoteIntent();
      if (bid.sizeLots > 0) intent.bids.push(bid);
      if (ask.sizeLots > 0) intent.asks.push(ask);
      return intent;
    },
  };
}

const inventorySkew = defineFormat({
  name: 'inventory-skew',
  version: 1,
  description: 'fixed spread around mid, skewed against the inventory (example plugin)',
  model: { schema, create: (config) => createInventorySkew(config) },
  overlays: false,
  // What walk-forward optimises for this format (dotted keys into { model }); checked against the schema.
  searchSpace: {
    'model.spreadBps': { grid: [20, 40], min: 10, max: 80, decimals: 1 },
    'model.skewBps': { grid: [10, 40], min: 0, max: 100, decimals: 1 },
  },
});

module.exports = { formats: [inventorySkew] };
