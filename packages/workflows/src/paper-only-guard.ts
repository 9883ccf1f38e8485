/**
 * The live guard. MarketMakerL is a research and paper-trading product: it contains no code that
 * can place a real order. `assertPaperOnly` exists so that every "live" entry point (the Makefile's
 * run-live / realtime-live, `realtime-paper --live`) fails loudly and explains why, instead of
 * silently running in paper mode.
 */
export class LiveTradingRefusedError extends Error {
  /** Exit code the CLIs use when they refuse to go live. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'LiveTradingRefusedError';
  }
}

/**
 * Throws `LiveTradingRefusedError` unless PAPER_ONLY=0. Even with PAPER_ONLY=0 it throws, because
 * there is no live order path in this product; the two messages differ so the user knows which
 * barrier stopped them.
 */
export function assertPaperOnly(env: Record<string, string | undefined> = process.env): never {
  const flag = env['PAPER_ONLY'];
  if (flag === undefined || flag.trim() !== '0') {
    throw new LiveTradingRefusedError(
      `refusing to trade live: PAPER_ONLY is ${flag === undefined ? 'unset' : `"${flag}"`} (live trading requires PAPER_ONLY=0, and even then this product has no live order path)`,
    );
  }
  throw new LiveTradingRefusedError(
    'refusing to trade live: PAPER_ONLY=0 but MarketMakerL has no live order path (paper trading only); use realtime-paper without --live',
  );
}
