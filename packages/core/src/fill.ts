import type { Side } from './side';

/** Maker: our resting quote was hit. Taker: we crossed the spread (liquidation / flattening). */
export type Liquidity = 'maker' | 'taker';

/** One execution of one of our orders. */
export interface Fill {
  ts: number;
  orderId: number;
  side: Side;
  priceTicks: number;
  sizeLots: number;
  liquidity: Liquidity;
  /** Fee in quote currency (negative = rebate received). Float view of the ledger's exact value. */
  fee: number;
  /** Why the fill happened, e.g. 'quote', 'liquidation', 'flatten'. */
  reason: string;
}
