import { join } from 'node:path';
import { ccxtModule } from '../exchange/ccxt-module';
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

/**
 * Starts the mock exchange; the path is computed at run time (the tool is not a workspace package).
 * Also loads ccxt: the package loads it only on the first exchange call, which would otherwise put
 * its load (and ts-jest's transform of its ESM dependencies: seconds on a loaded machine) inside the
 * first timed test; tests start the mock in beforeAll, outside any test's timeout.
 */
export function startMockExchange(options: { data?: string; trades?: string; depth?: string; now?: number; latencyMs?: number; faults?: string[] }): Promise<MockExchange> {
  ccxtModule();
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
  /** The replay waits for slow, absent or reconnecting subscribers (tools/mock-exchange/README.md). */
  paced?: boolean;
  /** Every later JSON line of the mock's stdout (replay faults, replay-end). */
  onEvent?: (event: Record<string, unknown>) => void;
}
