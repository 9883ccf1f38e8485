import type { CandleEvent, InstrumentSpec } from '@mml/core';
import type { DataQualityReport, TickColumns, TickQualityReport } from '@mml/market-data';
import type { DataDescription } from '@mml/reports';
import { checkDataSymbol, warnOnce } from './data-symbol-check';
import { loadWorkflowCandles, type CandleSourceOptions, type CandleTake } from './market-candles';
import type { PackedCandles } from './packed-candles';
import { detectDataKinds } from './data-kinds';
import type * as MarketTicks from './market-ticks';

/** What a workflow runs on: candles, or tick data (then `candles` is empty). */
export interface WorkflowData {
  candles: CandleEvent[];
  /** The bars packed in shared memory, when the loader had them so (see LoadedCandles; `candles` is then empty if `take.packed`). */
  packed?: PackedCandles;
  ticks?: { columns: TickColumns; from: number; to: number };
  instrument: InstrumentSpec;
  data: DataDescription;
  quality?: DataQualityReport;
  tickQuality?: TickQualityReport;
  /** Columnar cache status of tick data: hit / miss / off / rejected (why). */
  tickCache?: string;
  /** Tick data: which clock decisions use ('exchange' when the recorded receive times were dropped, see alignClocks). */
  tickClock?: 'local' | 'exchange';
  /** Engine settings for this kind of data, overridden by the caller's engineConfig. */
  engineDefaults: Record<string, unknown>;
}

/** The paths of a DATA value: comma-separated files or directories. */
export function dataPaths(dataPath: string | undefined): string[] {
  return (dataPath ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Loads `--data` (or the synthetic / exchange source): a kline CSV gives candles; capture files,
 * a directory of captures or the flattened tick CSVs of one capture give tick data (kind detected
 * from the files' first lines). The window is the last `days` (fractions from --hours / --minutes).
 */
export async function loadWorkflowData(options: CandleSourceOptions, take: CandleTake = {}): Promise<WorkflowData> {
  if (!(options.days > 0)) throw new RangeError(`--days must be > 0, got ${options.days}`);
  if (options.source === 'file') {
    const paths = dataPaths(options.dataPath);
    if (paths.length === 0) throw new RangeError('--source file needs --data <csv|csv.gz|capture files>');
    // Before any loading: data that states another symbol than --symbol is refused. A warning that
    // none is stated comes only once the data loaded (a file that fails to load fails alone).
    const symbolCheck = await checkDataSymbol(paths, options.symbol);
    const kind = await detectDataKinds(paths);
    if (kind !== 'candles') {
      // The tick readers load only for tick data (market-ticks.ts and market-data's tick modules).
      const { loadWorkflowTicks, tickEngineDefaults } = require('./market-ticks') as typeof MarketTicks;
      const ticks = await loadWorkflowTicks({ paths, windowMs: options.days * 86_400_000, quality: options.quality ?? 'fail' });
      warnOnce(symbolCheck);
      return {
        candles: [],
        ticks: { columns: ticks.columns, from: ticks.from, to: ticks.to },
        instrument: ticks.instrument,
        data: ticks.data,
        tickQuality: ticks.quality,
        tickCache: ticks.cache,
        tickClock: ticks.clock,
        engineDefaults: tickEngineDefaults(ticks.market),
      };
    }
    if (paths.length > 1) throw new RangeError(`--data: one kline file at a time, got ${paths.length}`);
    const loaded = await loadWorkflowCandles({ ...options, ...(symbolCheck.symbol !== undefined ? { symbol: symbolCheck.symbol } : {}) }, take);
    warnOnce(symbolCheck);
    return { ...loaded, engineDefaults: {} };
  }
  const loaded = await loadWorkflowCandles(options, take);
  return { ...loaded, engineDefaults: {} };
}
