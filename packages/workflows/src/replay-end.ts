import type { MarketEvent } from '@mml/core';

/**
 * Marks a replay's reused iterator result as finished (CandleReplay, TickEventReplay): the same
 * record every `next()` returns, so ending allocates nothing either.
 */
export function endOfReplay(result: IteratorResult<MarketEvent>): IteratorResult<MarketEvent> {
  result.done = true;
  result.value = undefined as unknown as MarketEvent;
  return result;
}
