/** The side of an order or fill from our point of view, or the aggressor side of a market trade. */
export type Side = 'buy' | 'sell';

export function oppositeSide(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** +1 for buy, -1 for sell: the sign of the inventory change a fill on that side causes. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}
