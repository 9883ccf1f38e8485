import { join } from 'node:path';
import { repoRoot } from '../paths';

/** Handle on a mock exchange child process (tools/mock-exchange/start.js). */
export interface MockExchange {
  url: string;
  /** The websocket base URL (only with `captures`). */
  wsUrl?: string;
  pid: number;
  /** The capture replay's state (only with `captures`). */
  replayStatus(): Promise<ReplayStatus>;
  setFaults(f: { faults?: Array<string | object>; latencyMs?: number; seed?: number }): Promise<unknown>;
  stats(): Promise<{ requests: number; byPath: Record<string, number>; faultsInjected: Record<string, number> }>;
  resetStats(): Promise<unknown>;
  setNow(ms: number): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts the mock exchange; the path is computed at run time (the tool is not a workspace package). */
export function startMockExchange(options: { data?: string; trades?: string; depth?: string; now?: number; latencyMs?: number; faults?: string[] }): Promise<MockExchange> {
  const tool = require(join(repoRoot(), 'tools', 'mock-exchange', 'start.js')) as { startMockExchange(o: object): Promise<MockExchange> };
  return tool.startMockExchange(options);
}

/** Starts the mock exchange replaying captures on its websocket endpoint (`wsUrl`, `replayStatus()`). */
export function startReplayMock(options: MockExchangeOptions): Promise<MockExchange> {
  return startMockExchange(options);
}

export interface ReplayStatus {
  started: boolean;
  finished: boolean;
  position: number;
  total: number;
  openConnections: number;
  sent: number;
  dropped: number;
  garbage: number;
  disconnects: number;
  delays: number;
  subscribes: number;
  unsubscribes: number;
  connections: number;
}

export interface MockExchangeOptions {
  data?: string;
  trades?: string;
  depth?: string;
  now?: number;
  latencyMs?: number;
  faults?: string[];
  /** Raw Binance captures replayed on the websocket endpoint. */
  captures?: string[];
  /** Replay speed over real time (default 1), or 'max'. */
  speed?: number | 'max';
  /** Websocket fault plan, e.g. 'drop:at=2000,stream=depth' (tools/mock-exchange/README.md). */
  wsFaults?: string[];
  startDelayMs?: number;
  /** Every later JSON line of the mock's stdout (replay faults, replay-end). */
  onEvent?: (event: Record<string, unknown>) => void;
}
