import type { StreamPaperPipeline } from './stream-paper-pipeline';

/** What a user watches: the session's state now (one `status` log line, one console line). */
export interface SessionStatus {
  lines: number;
  /** The engine's exchange clock (last event fed), Unix ms; null before the first. */
  exchangeTs: number | null;
  mid: number | null;
  bestBid: number | null;
  bestAsk: number | null;
  /** Our working quotes (not those being cancelled). */
  quotes: { side: 'buy' | 'sell'; price: number; size: number }[];
  inventory: number;
  cash: number;
  equity: number | null;
  pnl: number | null;
  fills: number;
  buyFills: number;
  sellFills: number;
  /** PnL so far by source (exact to the ledger: spreadCapture + inventoryPnl - fees - liquidationCost = pnl). */
  attribution: { spreadCapture: number; inventoryPnl: number; fees: number; liquidationCost: number };
  /** Share of the session's (exchange) time with a live quote per side. */
  bidUptime: number;
  askUptime: number;
  bookUnknown: boolean;
  gaps: number;
  resyncs: number;
}

export function sessionStatus(pipeline: StreamPaperPipeline): SessionStatus {
  const engine = pipeline.engine;
  const ctx = engine.context;
  const inst = pipeline.instrument;
  const metrics = engine.metrics();
  const a = engine.attribution.result();
  const started = Number.isFinite(ctx.initialEquity);
  return {
    lines: pipeline.counters.lines,
    exchangeTs: pipeline.counters.fedEvents > 0 ? metrics.endTs : null,
    // The mid lies on a half tick: shown on that grid, not with float noise.
    mid: finite(Number(ctx.mid.toFixed(decimalsOf(inst.tickSize) + 1))),
    bestBid: finite(ctx.bestBid),
    bestAsk: finite(ctx.bestAsk),
    quotes: engine
      .openOrders()
      .filter((o) => o.cancelAtTs === Infinity)
      .map((o) => ({ side: o.side, price: inst.ticksToPrice(o.priceTicks), size: inst.lotsToSize(o.remainingLots) })),
    inventory: ctx.inventory,
    cash: ctx.cash,
    equity: started ? finite(ctx.equity) : null,
    pnl: started ? finite(ctx.equity - ctx.initialEquity) : null,
    fills: pipeline.fills.length,
    buyFills: metrics.buyFills,
    sellFills: metrics.sellFills,
    attribution: { spreadCapture: a.spreadCapture, inventoryPnl: a.inventoryPnl, fees: a.fees, liquidationCost: a.liquidationCost },
    bidUptime: metrics.bidUptime,
    askUptime: metrics.askUptime,
    bookUnknown: pipeline.bookUnknown,
    gaps: pipeline.counters.gaps,
    resyncs: pipeline.counters.resyncs,
  };
}

/** One console line: mid, quotes, inventory, equity, fills and attribution so far. */
export function statusLine(s: SessionStatus): string {
  const bid = s.quotes.filter((q) => q.side === 'buy').map((q) => q.price);
  const ask = s.quotes.filter((q) => q.side === 'sell').map((q) => q.price);
  const a = s.attribution;
  return [
    `mid ${s.mid ?? '-'}`,
    `quotes ${bid.length > 0 ? bid.join('/') : '-'} x ${ask.length > 0 ? ask.join('/') : '-'}${s.bookUnknown ? ' (book unknown)' : ''}`,
    `inventory ${s.inventory}`,
    `equity ${s.equity === null ? '-' : s.equity.toFixed(2)} (pnl ${s.pnl === null ? '-' : signed(s.pnl)})`,
    `fills ${s.fills} (${s.buyFills} buys / ${s.sellFills} sells)`,
    `attribution spread ${signed(a.spreadCapture)} inventory ${signed(a.inventoryPnl)} fees ${(-a.fees).toFixed(2)}${a.liquidationCost !== 0 ? ` liquidation ${(-a.liquidationCost).toFixed(2)}` : ''}`,
  ].join(' | ');
}

function decimalsOf(step: number): number {
  return Math.max(0, Math.min(12, Math.round(-Math.log10(step)) + (Math.abs(10 ** -Math.round(-Math.log10(step)) - step) > 1e-15 ? 1 : 0)));
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}
