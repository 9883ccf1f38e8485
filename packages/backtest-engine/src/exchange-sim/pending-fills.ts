import type { Fill, Instrument } from '@mml/core';

/**
 * Fills the exchange has made but whose report has not reached us yet (response latency). The
 * ledger books a fill when the exchange makes it (equity and metrics are the exchange's truth);
 * the strategy sees it, through `onFill` and through the balances in its context, only from
 * `visibleAt` (local clock). A FIFO with a moving head: entries are released in arrival order,
 * which is time order for a constant latency and for an interpolated one whose response latency
 * changes slower than the clock (the recorded-latency reader requires non-decreasing rows).
 */
export class PendingFills {
  private readonly fills: Fill[] = [];
  private readonly visibleAt: number[] = [];
  private head = 0;
  /** Signed lots (buy +) and cash change (quote) of the fills not yet seen by the strategy. */
  lots = 0;
  cash = 0;

  constructor(private readonly instrument: Instrument) {}

  get size(): number {
    return this.fills.length - this.head;
  }

  push(fill: Fill, visibleAt: number): void {
    this.fills.push(fill);
    this.visibleAt.push(visibleAt);
    const notional = this.instrument.notional(fill.priceTicks, fill.sizeLots);
    if (fill.side === 'buy') {
      this.lots += fill.sizeLots;
      this.cash -= notional + fill.fee;
    } else {
      this.lots -= fill.sizeLots;
      this.cash += notional - fill.fee;
    }
  }

  /** The next fill visible at local time `now`, removed from the queue; undefined when none. */
  next(now: number): Fill | undefined {
    if (this.head >= this.fills.length || this.visibleAt[this.head] > now) return undefined;
    const fill = this.fills[this.head++];
    const notional = this.instrument.notional(fill.priceTicks, fill.sizeLots);
    if (fill.side === 'buy') {
      this.lots -= fill.sizeLots;
      this.cash += notional + fill.fee;
    } else {
      this.lots += fill.sizeLots;
      this.cash -= notional - fill.fee;
    }
    if (this.head === this.fills.length) {
      // Empty: reset in place (pop keeps the backing stores) and clear float residue.
      while (this.fills.length !== 0) this.fills.pop();
      while (this.visibleAt.length !== 0) this.visibleAt.pop();
      this.head = 0;
      this.lots = 0;
      this.cash = 0;
    } else if (this.head > 4096 && this.head * 2 > this.fills.length) {
      // Never empty under a steady stream of fills: drop the released prefix now and then.
      this.fills.splice(0, this.head);
      this.visibleAt.splice(0, this.head);
      this.head = 0;
    }
    return fill;
  }
}
