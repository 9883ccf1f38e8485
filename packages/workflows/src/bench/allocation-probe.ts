// `node --expose-gc --max-semi-space-size=1 dist/bench/allocation-probe.js [--events 200000] [--formats a,b]`:
// per format, the GCs and the live heap of the strategy stack over a short and a 10x longer run
// (one JSON line per format). The allocation test runs it; see strategy-allocation-probe.ts.
import { listFormats } from '@mml/strategies';
import { allocationProbeMarket, probeStrategyAllocation } from '../allocation/strategy-allocation-probe';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const events = Number(option('events') ?? 200_000);
  if (!Number.isInteger(events) || events < 100) throw new RangeError(`--events must be an integer >= 100, got ${option('events')}`);
  const formats = option('formats')?.split(',') ?? listFormats().map((f) => f.name);
  const market = allocationProbeMarket(events);
  for (const format of formats) console.log(JSON.stringify(await probeStrategyAllocation(format, market, Math.floor(events / 10))));
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(2);
});
