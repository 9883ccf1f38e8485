/** Where "now" comes from: the data's time in a replay, the wall clock in a paper run. */
export interface Clock {
  now(): number;
}

/** A clock that only moves when told to (replays and tests). Refuses to go backwards. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advanceTo(ts: number): void {
    if (ts < this.current) throw new RangeError(`clock cannot go back from ${this.current} to ${ts}`);
    this.current = ts;
  }
}

export const systemClock: Clock = { now: () => Date.now() };
