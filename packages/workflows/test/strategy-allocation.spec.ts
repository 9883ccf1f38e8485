import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFormats } from '@mml/strategies';
import type { StrategyAllocation } from '../src/allocation/strategy-allocation-probe';

/**
 * No allocation per event in the strategy stack, for every format: the built probe drives each
 * format's strategy over a seeded 1m market in a child Node with a 1 MB young generation, so any
 * per-event object shows up as scavenges (one per MB allocated). Before the diagnostics slots,
 * in-place overlays and reason codes, as-stable allocated ~17 KB per event (thousands of
 * scavenges over this run). What is left is V8 boxing numbers passed to calls it does not inline
 * (tens to a few hundred bytes per event); the bound sits above that and far below any
 * object-per-event copy of an intent or its diagnostics. The live heap must stay flat over a
 * 10x longer run.
 */
const PROBE = join(__dirname, '../dist/bench/allocation-probe.js');
const EVENTS = 120_000;
const MAX_BYTES_PER_EVENT = 512;
const MAX_HEAP_GROWTH = 2 * 1024 * 1024;

(existsSync(PROBE) ? describe : describe.skip)('strategy stack allocation (built probe)', () => {
  it('every format: heap flat over 10x longer data and young-generation allocation below the bound', () => {
    const child = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', PROBE, '--events', String(EVENTS)], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const results = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as StrategyAllocation);
    expect(results.map((r) => r.format)).toEqual(listFormats().map((f) => f.name));
    // Offenders by name, with their figures, so a failure says which format and how much.
    const allocating: string[] = [];
    const growing: string[] = [];
    for (const r of results) {
      const bytesPerEvent = (r.minorGcs * 1024 * 1024) / (r.longEvents - r.shortEvents);
      const growth = r.heapAfterLong - r.heapAfterShort;
      if (!(bytesPerEvent <= MAX_BYTES_PER_EVENT)) allocating.push(`${r.format}: ${Math.round(bytesPerEvent)} bytes/event (${r.minorGcs} scavenges)`);
      if (!(growth < MAX_HEAP_GROWTH)) growing.push(`${r.format}: live heap +${growth} bytes over 10x the events`);
    }
    expect(allocating).toEqual([]);
    expect(growing).toEqual([]);
  }, 90_000);
});
