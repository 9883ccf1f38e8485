/**
 * Queue-position models for our resting orders on an L2 book (base quantities, no per-order feed).
 *
 * State kept on each order (fields of RestingOrder): `queueAhead` = base quantity estimated ahead
 * of us at our price; `tradedAtLevel` = quantity traded at our price since the last depth update
 * of that level (so a depth decrease that merely reflects those trades is not counted twice).
 *
 * - A new order's queue starts at the level's displayed size when the order ARRIVES at the
 *   exchange (not when it is decided): everything resting there is ahead of us.
 * - A trade at our price advances us by its quantity (every model).
 * - A depth decrease at our price not explained by trades is a cancel somewhere in the queue:
 *   - `risk-averse` (the conservative default): every cancel is assumed behind us; the queue only
 *     shrinks to stay within the displayed size.
 *   - `power` / `log`: the decrease is split between the front and the back of the queue with
 *     the probability `p = f(back) / (f(back) + f(front))` that it happened behind us, with
 *     f(x) = x^n (power, n = `queuePower`) or f(x) = ln(1 + x) (log): the estimate is
 *     front - (1 - p) x decrease, less any excess a back too small to absorb p x decrease.
 *     These are hftbacktest's ProbQueueModel with PowerProbQueueFunc / LogProbQueueFunc; the
 *     expected value is applied, so runs stay deterministic.
 * - Nobody can be ahead of us beyond the displayed size of our level.
 */
export type QueueModelName = 'risk-averse' | 'power' | 'log';

export interface QueuePosition {
  queueAhead: number;
  tradedAtLevel: number;
}

export interface QueueModel {
  readonly name: QueueModelName;
  /** The order arrived at a level showing `levelQty` (plus any of our own orders already there). */
  arrive(order: QueuePosition, levelQty: number): void;
  /** `qty` traded at our price. */
  trade(order: QueuePosition, qty: number): void;
  /** The displayed size of our level went from `previousQty` to `newQty`. */
  depth(order: QueuePosition, previousQty: number, newQty: number): void;
}

/** Probability that a decrease happened behind us, given the quantity in front and behind. */
export type QueueProbability = (front: number, back: number) => number;

/** hftbacktest's PowerProbQueueFunc: f(x) = x^n, p = f(back) / (f(back) + f(front)). */
export function powerProbability(n: number): QueueProbability {
  return (front, back) => {
    const b = Math.pow(back, n);
    return b / (b + Math.pow(front, n));
  };
}

/** hftbacktest's LogProbQueueFunc: f(x) = ln(1 + x), p = f(back) / (f(back) + f(front)). */
export const logProbability: QueueProbability = (front, back) => {
  const b = Math.log1p(back);
  return b / (b + Math.log1p(front));
};

/**
 * What every model does alike: a new order queues behind the level's displayed size, and a trade
 * at our price advances it by the traded quantity. Models differ only in reading depth changes.
 */
abstract class TradeAdvancedQueueModel implements QueueModel {
  abstract readonly name: QueueModelName;
  arrive(order: QueuePosition, levelQty: number): void {
    order.queueAhead = levelQty;
    order.tradedAtLevel = 0;
  }
  trade(order: QueuePosition, qty: number): void {
    order.queueAhead -= qty;
    order.tradedAtLevel += qty;
  }
  abstract depth(order: QueuePosition, previousQty: number, newQty: number): void;
}

class RiskAverseQueueModel extends TradeAdvancedQueueModel {
  readonly name = 'risk-averse' as const;
  depth(order: QueuePosition, _previousQty: number, newQty: number): void {
    order.tradedAtLevel = 0;
    if (order.queueAhead > newQty) order.queueAhead = newQty;
  }
}

class ProbabilisticQueueModel extends TradeAdvancedQueueModel {
  constructor(
    readonly name: 'power' | 'log',
    private readonly probability: QueueProbability,
  ) {
    super();
  }
  depth(order: QueuePosition, previousQty: number, newQty: number): void {
    // The part of the decrease that trades at our level already explained.
    const decrease = previousQty - newQty - order.tradedAtLevel;
    order.tradedAtLevel = 0;
    if (!(decrease > 0)) {
      if (order.queueAhead > newQty) order.queueAhead = newQty;
      return;
    }
    const front = order.queueAhead > 0 ? order.queueAhead : 0;
    const back = previousQty - front > 0 ? previousQty - front : 0;
    let p = this.probability(front, back);
    if (!Number.isFinite(p)) p = front > 0 ? 0 : 1; // 0/0: nothing on either side to weigh
    const behind = back - p * decrease;
    let estimate = front - (1 - p) * decrease + (behind < 0 ? behind : 0);
    if (estimate > newQty) estimate = newQty;
    order.queueAhead = estimate < 0 ? 0 : estimate;
  }
}

export function createQueueModel(name: QueueModelName, power: number): QueueModel {
  switch (name) {
    case 'risk-averse':
      return new RiskAverseQueueModel();
    case 'power':
      return new ProbabilisticQueueModel('power', powerProbability(power));
    case 'log':
      return new ProbabilisticQueueModel('log', logProbability);
  }
}
