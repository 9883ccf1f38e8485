// Starts the mock exchange as a child process (for tests): resolves once it prints its URL.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

/**
 * @param {{ data?: string, trades?: string, depth?: string, now?: number, seed?: number, latencyMs?: number, faults?: string[], captures?: string[], speed?: number | 'max', wsFaults?: string[], startDelayMs?: number, paced?: boolean, onEvent?: (event: object) => void }} options
 *   captures: raw Binance captures replayed on the websocket endpoint (see README.md); onEvent gets
 *   every later stdout JSON line of the mock (replay faults, replay-end).
 * @returns {Promise<{ url: string, wsUrl?: string, pid: number, replayStatus(): Promise<object>, setFaults(f: { faults?: Array<string|object>, latencyMs?: number, seed?: number }): Promise<unknown>, setNow(ms: number): Promise<unknown>, stats(): Promise<{ requests: number, byPath: Record<string, number>, faultsInjected: Record<string, number> }>, resetStats(): Promise<unknown>, stop(): Promise<void> }>}
 */
function startMockExchange(options = {}) {
  const args = [path.join(__dirname, 'server.js'), '--port', '0'];
  if (options.data) args.push('--data', options.data);
  if (options.trades) args.push('--trades', options.trades);
  if (options.depth) args.push('--depth', options.depth);
  if (options.now !== undefined) args.push('--now', String(options.now));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  for (const f of options.faults || []) args.push('--fault', f);
  if (options.captures && options.captures.length) args.push('--capture', options.captures.join(','));
  if (options.speed !== undefined) args.push('--speed', String(options.speed));
  if (options.startDelayMs !== undefined) args.push('--start-delay-ms', String(options.startDelayMs));
  if (options.paced) args.push('--paced');
  for (const f of options.wsFaults || []) args.push('--ws-fault', f);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const fail = (why) => reject(new Error(`mock exchange failed to start: ${why} ${stderr}`));
    child.once('exit', (code) => fail(`exited with code ${code}`));
    lines.once('line', (line) => {
      const { url, wsUrl } = JSON.parse(line);
      lines.on('line', (later) => {
        if (options.onEvent) options.onEvent(JSON.parse(later));
      });
      const call = async (method, route, body) => {
        const res = await fetch(url + route, { method, body: body === undefined ? undefined : JSON.stringify(body) });
        const json = await res.json();
        if (!res.ok) throw new Error(`mock control ${route}: ${JSON.stringify(json)}`);
        return json;
      };
      resolve({
        url,
        wsUrl,
        pid: child.pid,
        replayStatus: () => call('GET', '/__control/replay'),
        setFaults: (f) => call('POST', '/__control/faults', f),
        setNow: (ms) => call('POST', '/__control/now', { now: ms }),
        stats: () => call('GET', '/__control/stats'),
        resetStats: () => call('POST', '/__control/reset-stats', {}),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

module.exports = { startMockExchange };
