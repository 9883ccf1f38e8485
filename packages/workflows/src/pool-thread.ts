// Worker-thread entry of TaskPool (built to dist/pool-thread.js). It loads the handler module
// (`workerData.workerFile`, whose default export runs one task) and calls the module's optional
// `prepare(workerData.prepare)` (e.g. load plugins) BEFORE any task arrives, so a thread's startup
// cost (modules, plugins) overlaps with whatever the main thread does meanwhile; then it answers
// every { id, task } message with { id, result }. A task that throws comes back as a TaskFailure
// (task-failure.ts), so the pool rethrows it with its class.
import { parentPort, workerData } from 'node:worker_threads';
import { installCompileCache } from './compile-cache';
import { taskFailure } from './task-failure';

interface PoolThreadData {
  workerFile: string;
  prepare?: unknown;
  /** The main thread's code cache file (compile-cache.ts): read here, written only by the main thread. */
  codeCache?: string;
}

type Handler = (task: unknown) => unknown;

const port = parentPort;
if (port === null) throw new Error('pool-thread.js runs only as a worker thread');
const data = workerData as PoolThreadData;
let handler: Handler | undefined;
if (data.codeCache !== undefined) installCompileCache('pool-thread', data.codeCache, { write: false });
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the handler is chosen at run time by path
  const module = require(data.workerFile) as { default?: Handler; prepare?: (input: unknown) => void } | Handler;
  const run = typeof module === 'function' ? module : module.default;
  if (typeof run !== 'function') throw new TypeError(`${data.workerFile} exports no task handler (a default export function)`);
  if (typeof module !== 'function' && typeof module.prepare === 'function') module.prepare(data.prepare);
  handler = run;
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, failure: taskFailure(error) });
}

port.on('message', (message: { id: number; task: unknown }) => {
  void (async () => {
    let result: unknown;
    try {
      if (handler === undefined) throw new Error('the pool thread failed to start');
      result = await handler(message.task);
    } catch (error) {
      result = taskFailure(error);
    }
    port.postMessage({ id: message.id, result });
  })();
});
