import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResearch } from '../src/research';
import { parseQueueUrl } from '../src/queue/queue-url';

// Sweeps through a real Redis (Debian's redis-server on loopback) and real worker processes (the
// built CLI). `.ci/run` installs redis-server and starts it (MML_TEST_REDIS_URL); without that the
// test starts its own, and stops it by PID. Under CI a missing Redis is a failure, not a skip.
const WORKER_CLI = join(__dirname, '..', 'dist', 'cli', 'queue-worker.js');
const haveRedisBinary = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0;
const canRun = process.env['MML_TEST_REDIS_URL'] !== undefined || haveRedisBinary;
if (!canRun && process.env['CI'] === 'true') throw new Error('queue tests need redis-server (apt-get install redis-server) or MML_TEST_REDIS_URL');
if (!canRun) console.warn('queue.spec: skipped (no redis-server; apt-get install redis-server)');
const describeRedis = canRun ? describe : describe.skip;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function startWorker(url: string, lockMs: number): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_CLI, '--queue', url, '--concurrency', '1', '--lock-ms', String(lockMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      lines.push(line);
      for (const w of waiters.splice(0)) if (w.pattern.test(line)) w.resolve(line); else waiters.push(w);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    lines,
    waitFor(pattern, timeoutMs = 20_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker never printed ${pattern}; got:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      });
    },
  };
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

describe('parseQueueUrl', () => {
  it('accepts redis:// URLs and keeps credentials out of the display form', () => {
    const e = parseQueueUrl('redis://user:s3cret@127.0.0.1:6390/2');
    expect(e).toMatchObject({ host: '127.0.0.1', port: 6390, db: 2, username: 'user', password: 's3cret' });
    expect(e.display).toBe('redis://***@127.0.0.1:6390/2');
    expect(parseQueueUrl('redis://localhost').port).toBe(6379);
  });

  it('rejects anything else, naming the option', () => {
    expect(() => parseQueueUrl('http://127.0.0.1:6379', '--queue')).toThrow(/--queue.*redis:\/\//);
    expect(() => parseQueueUrl('nonsense', '--queue')).toThrow(/--queue/);
    expect(() => parseQueueUrl('redis://h:99999', '--queue')).toThrow(/port/);
    expect(() => parseQueueUrl('redis://h:1/99', '--queue')).toThrow(/database/);
  });
});

describeRedis('research through the BullMQ queue with worker processes', () => {
  let redis: ChildProcess | undefined;
  let url = process.env['MML_TEST_REDIS_URL'] ?? '';
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(WORKER_CLI)) throw new Error(`${WORKER_CLI} is not built (nx test depends on build)`);
    if (url === '') {
      const port = await freePort();
      redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      url = `redis://127.0.0.1:${port}`;
      // Wait until it accepts connections.
      for (let i = 0; i < 100; i++) {
        const ok = await new Promise<boolean>((resolve) => {
          const socket = require('node:net').connect(port, '127.0.0.1');
          socket.once('connect', () => { socket.destroy(); resolve(true); });
          socket.once('error', () => resolve(false));
        });
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stop(w.child)));
    await stop(redis);
  });

  // Small on purpose (half a day, no RL warm-up): the test is about the queue, not the backtests.
  const base = { source: 'synthetic' as const, days: 0.5, rlWarmupDays: 0, tiers: [1000, 10000], formats: 'fixed-spread,as-baseline,as-stable', seed: 7, now: new Date('2026-01-01T00:00:00Z') };

  it('gives byte-identical results.csv to the local pool, and loses nothing when a worker is killed mid-task', async () => {
    const local = await runResearch({ ...base, workers: 1, artifactsRoot: mkdtempSync(join(tmpdir(), 'queue-local-')) });

    // Worker A takes the first task and is killed while it holds it; worker B must finish the sweep,
    // including A's task once A's lock (1.5 s) has expired.
    const a = startWorker(url, 1500);
    workers.push(a);
    await a.waitFor(/serving mml-tasks/);
    const sweep = runResearch({ ...base, workers: 1, queue: url, artifactsRoot: mkdtempSync(join(tmpdir(), 'queue-remote-')) });
    await a.waitFor(/task \d+ of sweep .* started/);
    a.child.kill('SIGKILL');
    const b = startWorker(url, 1500);
    workers.push(b);
    const remote = await sweep;

    expect(readFileSync(join(remote.dir, 'results.csv'), 'utf8')).toBe(readFileSync(join(local.dir, 'results.csv'), 'utf8'));
    expect(remote.summary.rows).toHaveLength(local.summary.rows.length);
    // Every task ran to completion exactly once on B after A died (A completed none it could report).
    const doneOnB = b.lines.filter((l) => / done in /.test(l)).map((l) => Number(/task (\d+)/.exec(l)?.[1]));
    const doneOnA = a.lines.filter((l) => / done in /.test(l)).map((l) => Number(/task (\d+)/.exec(l)?.[1]));
    expect(new Set([...doneOnA, ...doneOnB]).size).toBe(local.summary.rows.length);
    const killedTask = Number(/task (\d+)/.exec(a.lines.find((l) => / started/.test(l)) ?? '')?.[1]);
    expect(doneOnB).toContain(killedTask);
  }, 300_000);

  it('runs a plugin format on worker processes: each task carries the plugin path, which the worker loads', async () => {
    const plugin = join(__dirname, '..', '..', '..', 'examples', 'plugins', 'inventory-skew-format.js');
    const fresh = startWorker(url, 30_000);
    workers.push(fresh);
    await fresh.waitFor(/serving mml-tasks/);
    const done = (w: WorkerProcess) => w.lines.filter((l) => / done in /.test(l)).length;
    const before = workers.reduce((n, w) => n + done(w), 0);
    const remote = await runResearch({ ...base, days: 0.25, tiers: [10000], formats: 'inventory-skew', plugins: [plugin], formatConfigs: { 'inventory-skew': { model: { skewBps: 30 } } }, workers: 1, queue: url, artifactsRoot: mkdtempSync(join(tmpdir(), 'queue-plugin-')) });
    expect(remote.summary.rows.map((r) => r.format)).toEqual(['inventory-skew']);
    expect((remote.summary.formats['inventory-skew'] as { config: { model: { skewBps: number } } }).config.model.skewBps).toBe(30);
    // The task ran on a worker process (which knew no plugin before the task named it), not here.
    expect(workers.reduce((n, w) => n + done(w), 0)).toBe(before + 1);
  }, 120_000);
});
