/** What every paper session (stream or poll mode) is given: the market, the strategy, the account, where to write. */
export interface PaperSessionOptions {
  exchange: string;
  symbol: string;
  format: string;
  formatConfig?: Record<string, unknown>;
  /** Plugin modules (absolute paths) registering formats, loaded before the strategy is built (a stream session records them in its spec). */
  plugins?: readonly string[];
  /** The effective run config (config file merged with flags), echoed into the log's start record. */
  runConfig?: Record<string, unknown>;
  budget: number;
  seed: number;
  /** Your fee tier in bps (negative maker = rebate), charged per simulated fill; default: the instrument's fees. */
  makerFeeBps?: number;
  takerFeeBps?: number;
  artifactsRoot: string;
  engineConfig?: Record<string, unknown>;
}
