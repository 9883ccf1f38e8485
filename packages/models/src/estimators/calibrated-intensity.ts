/**
 * lambda(delta) = A exp(-k delta) measured on the shared Binance BTC/USDT spot trades of
 * 2024-08-08 (19,904 prints = 7,135 orders in 10.8 min) by IntensityEstimator's defaults: orders
 * (prints grouped by taker side and millisecond), MLE above 0.05 bps, depth vs the instantaneous
 * bookTicker mid. Used where no trade fit exists (candle data) and as the documented default of
 * source = fixed. See the models README for the figures and their spread.
 */
export const CALIBRATED_INTENSITY = Object.freeze({ A: 0.3, kRelative: 20_000 });
