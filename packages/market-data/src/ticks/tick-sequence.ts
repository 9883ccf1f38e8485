import type { TickBbo, TickDepth, TickTrade } from './tick-event';
import { StreamOrder, type TickQualityChecker } from './tick-quality';

/**
 * The ordering checks and clock of one recorded tick stream (a raw capture, or the flattened CSVs
 * of one), shared by the readers so both report the same findings:
 * - local receive time must not go backwards;
 * - depth diffs must chain (spot `U == previous u + 1`, futures `pu == previous u`), advance `u`
 *   and not go back in event time;
 * - trade ids must be contiguous and increasing (aggTrade ids increasing), bookTicker ids increasing;
 * - events without exchange time (spot bookTicker and snapshots) get `ts` = the last exchange time
 *   seen plus the local time elapsed since it arrived (causal), or local + a fixed offset.
 * Each check returns whether to keep the event (the checker applies the policy).
 */
export class TickSequence {
  private lastLocal = -Infinity;
  private prevDiffLast = NaN;
  private lastDiffTime = -Infinity;
  private lastExchangeTs = NaN;
  private lastExchangeLocal = NaN;
  private readonly trades = new StreamOrder('trade', true);
  private readonly aggTrades = new StreamOrder('aggTrade', false);
  private readonly tickers = new StreamOrder('bookTicker', false);

  constructor(
    private readonly checker: TickQualityChecker,
    private readonly clockOffsetMs?: number,
  ) {}

  local(localTs: number, file: string, line: number): boolean {
    if (localTs < this.lastLocal && !this.checker.flag('out-of-order-time', file, line, `local time ${localTs} ms is earlier than the previous line's ${this.lastLocal}`)) return false;
    if (localTs > this.lastLocal) this.lastLocal = localTs;
    return true;
  }

  /** Exchange-time estimate for an event received at `localTs` that carries none. */
  estimateTs(localTs: number): number {
    if (this.clockOffsetMs !== undefined) return Math.round(localTs + this.clockOffsetMs);
    return this.lastExchangeTs === this.lastExchangeTs ? Math.round(this.lastExchangeTs + (localTs - this.lastExchangeLocal)) : Math.round(localTs);
  }

  /** Records an exchange-timed event (it anchors later estimates). */
  exchangeTime(ts: number, localTs: number): void {
    this.lastExchangeTs = ts;
    this.lastExchangeLocal = localTs;
  }

  depth(e: TickDepth, file: string, line: number): boolean {
    const prev = this.prevDiffLast;
    const first = e.firstUpdateId;
    const last = e.lastUpdateId;
    const pu = e.prevLastUpdateId;
    if (prev === prev) {
      if (last <= prev) {
        if (!this.checker.flag('duplicate-id', file, line, `depth diff [${first}, ${last}] does not advance past u ${prev}`)) return false;
      } else if (pu !== undefined ? pu !== prev : first !== prev + 1) {
        const rule = pu !== undefined ? `pu ${pu} != previous u ${prev}` : `U ${first} != previous u ${prev} + 1`;
        if (!this.checker.flag('sequence-break', file, line, `depth diff [${first}, ${last}]: ${rule}`)) return false;
      }
    }
    if (e.ts < this.lastDiffTime && !this.checker.flag('out-of-order-time', file, line, `depth E ${e.ts} is earlier than the previous ${this.lastDiffTime}`)) return false;
    if (last > prev || prev !== prev) this.prevDiffLast = last;
    if (e.ts > this.lastDiffTime) this.lastDiffTime = e.ts;
    this.exchangeTime(e.ts, e.localTs);
    return true;
  }

  trade(e: TickTrade, aggregated: boolean, file: string, line: number): boolean {
    const order = aggregated ? this.aggTrades : this.trades;
    const issue = order.check(e.ts, e.id);
    if (issue && !this.checker.flag(issue.kind, file, line, issue.message)) return false;
    order.advance(e.ts, e.id);
    this.exchangeTime(e.ts, e.localTs);
    return true;
  }

  /** `hasExchangeTime` false for spot bookTicker: only its update id is checked. */
  bbo(e: TickBbo, hasExchangeTime: boolean, file: string, line: number): boolean {
    const id = e.updateId ?? NaN;
    const issue = this.tickers.check(hasExchangeTime ? e.ts : Infinity, id);
    if (issue && !this.checker.flag(issue.kind, file, line, issue.message)) return false;
    this.tickers.advance(hasExchangeTime ? e.ts : -Infinity, id);
    if (hasExchangeTime) this.exchangeTime(e.ts, e.localTs);
    return true;
  }
}
