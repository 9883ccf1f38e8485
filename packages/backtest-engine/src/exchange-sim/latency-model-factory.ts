import { readFileSync } from 'node:fs';
import { ConfigError } from '@mml/core';
import type { EngineConfig } from '../engine-config';
import { ConstantLatency, parseLatencyCsv, type LatencyModel } from './latency-models';

export type { LatencyModel } from './latency-models';

/**
 * The engine's latency model: interpolated from `latency.file` when set (read once, at engine
 * construction), else constant (entry = orderLatencyMs, response = latency.responseMs).
 */
export function createLatencyModel(config: EngineConfig): LatencyModel {
  const file = config.latency.file;
  if (file === '') return new ConstantLatency(config.orderLatencyMs, config.latency.responseMs);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('engine.latency.file', `cannot read "${file}": ${(error as Error).message}`);
  }
  return parseLatencyCsv(text, file);
}
