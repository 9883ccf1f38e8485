/**
 * A receive time further than this from the exchange's event time means the two clocks do not
 * belong to one live feed (a mock exchange replaying an old capture, or a badly set clock): the
 * engine then decides on the exchange clock plus its configured feed latency, never on the local
 * one (realtime-paper's stream pipeline and the tick loader apply the same rule).
 */
export const CLOCK_SKEW_LIMIT_MS = 60_000;
