// End-to-end: the BUILT mml-fetch-data CLI (dist/cli/fetch-data.js, as `make fetch-data` runs it),
// SIGKILLed midway through a download from the mock exchange, then re-run to completion.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_BTCUSDT_1M, sharedDataDir } from '../src/paths';
import { startMockExchange, type MockExchange } from '../src/test-support/mock-exchange.test-helpers';

const cli = join(__dirname, '..', 'dist', 'cli', 'fetch-data.js');
let mock: MockExchange;
beforeAll(async () => {
  mock = await startMockExchange({ data: join(sharedDataDir(), SHARED_BTCUSDT_1M), latencyMs: 40 });
});
afterAll(async () => {
  await mock?.stop();
});

it('a download killed midway resumes to exactly the served bars, without duplicates', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mml-kill-'));
  const args = [cli, '--days', '30', '--data-dir', dataDir, '--exchange-url', mock.url, '--end', '2023-05-01T21:02:00Z'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
  let fetched = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    fetched += (chunk.toString().match(/^fetched /gm) ?? []).length;
    if (fetched >= 3) child.kill('SIGKILL');
  });
  expect(await exited).toBe('SIGKILL');
  const dir = join(dataDir, 'real', 'binance', 'BTC-USDT', '1m');
  const partial = readdirSync(dir).filter((f) => f.endsWith('.csv')).length;
  expect(partial).toBeGreaterThanOrEqual(1);
  expect(partial).toBeLessThan(31);

  const rerun = spawnSync(process.execPath, args, { encoding: 'utf8' });
  expect(rerun.status).toBe(0);
  const summary = JSON.parse(rerun.stdout.trim().split('\n').pop() as string);
  expect(summary).toMatchObject({ rows: 43_200, gaps: 0 });
  // The chunk being recorded when the kill landed may be fetched again; every other one is reused.
  expect(summary.chunksCached).toBeGreaterThanOrEqual(partial - 1);
  expect(summary.chunksCached).toBeGreaterThanOrEqual(1);
  expect(summary.chunksCached + summary.chunksFetched).toBe(31);
  const openTimes: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1)) openTimes.push(Number(line.split(',')[0]));
  }
  expect(new Set(openTimes).size).toBe(openTimes.length);
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}, 60_000);
