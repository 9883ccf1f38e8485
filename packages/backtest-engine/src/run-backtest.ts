import type { Instrument, MarketEvent, Strategy } from '@mml/core';
import { MarketMakingEngine } from './engine';
import type { EngineConfig } from './engine-config';
import type { RunResult } from './types';

export interface BacktestInput {
  /** Events in non-decreasing ts order. May reuse one mutable event object: the engine keeps no reference. */
  events: Iterable<MarketEvent>;
  strategy: Strategy;
  instrument: Instrument;
  /** Raw engine config (parsed with parseEngineConfig; defaults fill the rest). */
  config?: Partial<EngineConfig> | unknown;
}

export interface AsyncBacktestInput extends Omit<BacktestInput, 'events'> {
  events: AsyncIterable<MarketEvent> | Iterable<MarketEvent>;
}

/** Replays events through a fresh engine as fast as possible and returns the run's result. */
export function runBacktest(input: BacktestInput): RunResult {
  return new MarketMakingEngine(input.instrument, input.strategy, input.config ?? {}).run(input.events);
}

/** The same for an async source (e.g. a file stream); the engine work per event is identical. */
export async function runBacktestAsync(input: AsyncBacktestInput): Promise<RunResult> {
  return new MarketMakingEngine(input.instrument, input.strategy, input.config ?? {}).runAsync(input.events);
}
