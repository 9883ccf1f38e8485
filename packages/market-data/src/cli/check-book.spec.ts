import { join } from 'node:path';
import { sharedDataDir } from '../paths';
import { futDiff, futTicker, scratchDir, snapshot, spotDiff, spotTicker, writeCapture } from '../ticks/capture-fixtures.test-helpers';
import { runCheckBookCli } from './check-book';

const ticks = join(sharedDataDir(), 'ticks');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheckBookCli([...argv, '--cache-dir', scratchDir('mml-check-book-cache-')], (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('mml-check-book', () => {
  it('rebuilds a real spot capture and matches every comparable bookTicker (NEXOUSDT, first file)', async () => {
    const { code, out } = await run('--data', join(ticks, 'binance_spot_nexousdt_2024-07-23.dat.gz'));
    expect(out[0]).toContain('spot, tick 0.001; 1 snapshot(s), 1188 diffs applied, 0 stale, 0 breaks');
    expect(out.at(-1)).toBe('book: 131/131 bookTicker updates match the rebuilt top of book');
    expect(code).toBe(0);
  });

  it('accepts the flattened tick CSVs of a recording (same book, same matches as its raw capture)', async () => {
    const prefix = join(sharedDataDir(), 'binance_btcusdt_spot_2024-08-08');
    const { code, out } = await run('--data', `${prefix}_depth.csv.gz,${prefix}_bookticker.csv.gz`);
    expect(out.at(-1)).toBe('book: 1072/1072 bookTicker updates match the rebuilt top of book');
    expect(code).toBe(0);
  });

  it('refuses the capture without a snapshot, naming the file and why (exit 2)', async () => {
    const file = join(ticks, 'binance_spot_btcusdt_2023-04-05.dat.gz');
    const { code, err } = await run('--data', file);
    expect(code).toBe(2);
    expect(err).toEqual([`error: ${file}: no REST depth snapshot in the capture: the L2 book cannot be rebuilt from diffs alone (its trades and bookTicker are still usable)`]);
  });

  it('exits 1 and shows the first mismatches when a bookTicker disagrees with the rebuilt book', async () => {
    const file = writeCapture(scratchDir(), 'spot_2024-01-01.dat.gz', [
      ['1700000000000000', snapshot(10, [['100.00', '1']], [['100.05', '2']])],
      ['1700000000000100', spotTicker(12, '100.01', '5', '100.05', '2')], // arrives before its diff: matches
      ['1700000000000200', spotDiff(11, 12, 1700000000001, [['100.01', '5']])],
      ['1700000000000300', spotTicker(13, '100.01', '5', '100.05', '9')], // intermediate id: not comparable
      ['1700000000000400', spotDiff(13, 14, 1700000000002, [], [['100.05', '3']])],
      ['1700000000000500', spotTicker(14, '100.01', '5', '100.05', '4')], // after its diff, wrong ask qty
    ]);
    const { code, out } = await run('--data', file);
    expect(out[0]).toContain('1/2 bookTicker updates match (1 name no rebuilt state)');
    expect(out[1]).toBe('  mismatch at event 5 (u=14): bookTicker 100.01 x 5 / 100.05 x 4, book 100.01 x 5 / 100.05 x 3');
    expect(out.at(-1)).toBe('book: 1/2 bookTicker updates match the rebuilt top of book');
    expect(code).toBe(1);
  });

  it('futures: matches by update id and transaction time, and resyncs from the next snapshot after a pu break', async () => {
    const file = writeCapture(scratchDir(), 'fut_2024-01-01.gz', [
      ['1700000000000000000', futDiff(5, 9, 4, 100, 99, [['50.0', '1']])], // before the snapshot: waits, then applies
      ['1700000000000000001', snapshot(8, [['49.9', '1']], [['50.2', '1']], { E: 98, T: 97 })],
      ['1700000000000000002', futTicker(9, 101, 99, '50.0', '1', '50.2', '1')],
      ['1700000000000000003', futDiff(10, 12, 9, 102, 101, [], [['50.1', '4']])],
      ['1700000000000000004', futTicker(12, 103, 100, '50.0', '1', '50.1', '4')], // right book, wrong T: mismatch
      ['1700000000000000005', futDiff(20, 22, 15, 104, 103, [['50.0', '0']])], // pu 15 != 12: break (then stale after the next snapshot)
      ['1700000000000000006', futTicker(22, 105, 103, '49.9', '1', '50.1', '4')], // book out of sync: not comparable
      ['1700000000000000007', snapshot(25, [['49.8', '2']], [['50.3', '1']], { E: 106, T: 105 })],
      ['1700000000000000008', futDiff(24, 26, 22, 107, 106, [['49.9', '3']])],
      ['1700000000000000009', futTicker(26, 108, 106, '49.9', '3', '50.3', '1')],
    ]);
    const { code, out } = await run('--data', file, '--policy', 'mark');
    expect(out[0]).toContain('futures, tick 0.1; 2 snapshot(s), 3 diffs applied, 1 stale, 1 breaks, 1 resyncs; quality: 1 sequence breaks');
    expect(out[0]).toContain('2/3 bookTicker updates match (1 name no rebuilt state)');
    expect(out[1]).toBe('  mismatch at event 4 (u=12): bookTicker 50 x 1 / 50.1 x 4 T=100, book 50 x 1 / 50.1 x 4 T=101');
    expect(code).toBe(1);
  });

  it('needs --data', async () => {
    const { code, err } = await run();
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^error: Missing required argument: data/);
  });
});
