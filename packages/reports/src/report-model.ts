import type { ResultRow, RunSummary } from './run-summary';

/** What report.html shows: the summary (tables, verdicts) plus optional time series for charts. */
export interface ReportInput {
  summary: RunSummary;
  /** Time series of selected runs (e.g. one per format at one tier). Long series are downsampled. */
  series?: ReportSeries[];
  /**
   * The window of the "quotes against mid" chart, Unix ms. Default: the first
   * `DEFAULT_QUOTE_WINDOW_SAMPLES` samples of the first series that has a mid.
   */
  quoteWindow?: { startTs: number; endTs: number };
  /** Rows for results.csv when they differ from summary.rows (walk-forward adds every search candidate). */
  csvRows?: readonly ResultRow[];
}

/** One run's path through time. */
export interface ReportSeries {
  /** Legend label, e.g. "as-basic @ 10k". */
  label: string;
  /** Strategy format of the run (groups series per format: fills-on-price and stitched out-of-sample charts). */
  format?: string;
  /** Starting budget: drawdown is drawn as (running peak - equity) / initialEquity, like the gate. */
  initialEquity: number;
  /** Samples in time order (e.g. one per candle, or the engine's equity sampling interval). */
  samples: ReportSample[];
  fills?: ReportFill[];
}

export interface ReportSample {
  /** Unix ms. */
  ts: number;
  /** Marked-to-mid equity in quote currency. */
  equity: number;
  /** Inventory in base units. */
  inventory: number;
  mid?: number;
  /** The resting best bid / ask quote prices at this time (absent when not quoting). */
  bid?: number;
  ask?: number;
}

export interface ReportFill {
  ts: number;
  side: 'buy' | 'sell';
  price: number;
  /** Base units. */
  size: number;
}
