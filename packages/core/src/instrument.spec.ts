import { BINANCE_BTCUSDT_SPOT, BINANCE_BTCUSDT_USDM_PERP, ConfigError, Instrument, gridQuote, isUncrossed, parseOnGrid, formatOnGrid } from './index';

describe('Instrument', () => {
  const btc = new Instrument(BINANCE_BTCUSDT_SPOT);

  it('moves on-grid prices to ticks and back exactly', () => {
    expect(btc.priceToTicks(30000.01)).toBe(3000001);
    expect(btc.ticksToPrice(3000001)).toBe(30000.01);
    expect(btc.floorTicks(100.3)).toBe(10030);
    expect(btc.ceilTicks(100.3)).toBe(10030);
    expect(btc.floorTicks(100.305)).toBe(10030);
    expect(btc.ceilTicks(100.305)).toBe(10031);
  });

  it('rounds sizes down to whole lots', () => {
    expect(btc.floorLots(0.123456)).toBe(12345);
    expect(btc.lotsToSize(12345)).toBe(0.12345);
  });

  it('holds fee rates exactly and checks min notional in grid units', () => {
    expect(btc.makerFeeParts).toBe(100_000);
    // 5 USDT at 0.01 x 0.00001 = 1e-7 per unit -> 5e7 units.
    expect(btc.minNotionalUnits).toBe(50_000_000);
    expect(btc.meetsMinNotional(btc.priceToTicks(25000), btc.floorLots(0.0002))).toBe(true);
    expect(btc.meetsMinNotional(btc.priceToTicks(25000), btc.floorLots(0.0001))).toBe(false);
  });

  it('names the field of a bad spec', () => {
    expect(() => new Instrument({ ...BINANCE_BTCUSDT_SPOT, tickSize: '0' })).toThrow(/instrument.tickSize/);
    expect(() => new Instrument({ ...BINANCE_BTCUSDT_SPOT, makerFee: 'abc' })).toThrow(ConfigError);
  });

  it('parses and formats decimal strings on a grid exactly', () => {
    expect(parseOnGrid('30000.01', '0.01', 'price')).toBe(3000001);
    expect(() => parseOnGrid('30000.015', '0.01', 'price')).toThrow(/not a multiple/);
    expect(formatOnGrid(3000001, '0.01')).toBe('30000.01');
  });
});

describe('gridQuote', () => {
  const btc = new Instrument(BINANCE_BTCUSDT_SPOT);

  it('rounds bids down and asks up', () => {
    const q = gridQuote(btc, { bidPrice: 99.996, askPrice: 100.004, bidSize: 0.1, askSize: 0.1 });
    expect(q.bid.priceTicks).toBe(9999);
    expect(q.ask.priceTicks).toBe(10001);
  });

  it('never crosses the known touch', () => {
    const q = gridQuote(btc, { bidPrice: 101, askPrice: 99, bidSize: 1, askSize: 1, marketBid: 100, marketAsk: 100.01 });
    expect(q.bid.priceTicks).toBeLessThan(10001);
    expect(q.ask.priceTicks).toBeGreaterThan(10000);
    expect(isUncrossed({ bids: [q.bid], asks: [q.ask] })).toBe(true);
  });

  it('describes the Binance USD-M BTCUSDT perpetual grid and VIP 0 fees (tick 0.1, lot 0.001, min notional 100, 2 / 5 bps)', () => {
    const perp = new Instrument(BINANCE_BTCUSDT_USDM_PERP);
    expect([perp.tickSize, perp.lotSize, perp.minNotional]).toEqual([0.1, 0.001, 100]);
    expect([perp.makerFee * 10_000, perp.takerFee * 10_000].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2, 5]);
    expect(perp.priceToTicks(29_123.4)).toBe(291_234);
    // 0.003 BTC at 30 000 = 90 USDT < 100: below min notional; 0.004 BTC = 120 USDT passes.
    expect(perp.meetsMinNotional(300_000, 3)).toBe(false);
    expect(perp.meetsMinNotional(300_000, 4)).toBe(true);
  });
});
