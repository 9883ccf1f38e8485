import { createInstrument, intentDiagnostics, type StrategyContext } from '@mml/core';
import { createAs2008Strategy } from './as2008-strategy';

const instrument = createInstrument({ exchange: 'sim', symbol: 'A/B', base: 'A', quote: 'B', tickSize: '0.0001', lotSize: '1', minNotional: '0', makerFee: '0', takerFee: '0' });
const ctx = (now: number, mid: number, inventoryLots: number) => ({ instrument, now, mid, inventoryLots } as unknown as StrategyContext);
const bbo = { kind: 'bbo', ts: 0, bidPrice: 0, bidQty: 1, askPrice: 0, askQty: 1 } as const;

describe('createAs2008Strategy: the paper agents as core Strategies', () => {
  it('inventory agent: r = s - q gamma sigma^2 (T - t) and the printed (liquidity-only) spread by default', () => {
    const s = createAs2008Strategy({ kind: 'inventory', gamma: 0.1, startTs: 0 });
    // t = 0.5 (500 ms of 1000 per unit), q = 2: r = 100 - 2 * 0.1 * 4 * 0.5 = 99.6; spread = 20 ln(1 + 0.1/1.5) = 1.29077.
    const intent = s.onEvent(bbo, ctx(500, 100, 2))!;
    const spread = 20 * Math.log1p(0.1 / 1.5);
    expect(intentDiagnostics(intent).r).toBeCloseTo(99.6, 12);
    expect(intentDiagnostics(intent).spread).toBeCloseTo(spread, 12);
    expect(intent.bids[0]).toEqual({ priceTicks: Math.floor((99.6 - spread / 2) * 1e4 + 1e-9), sizeLots: 1 });
    expect(intent.asks[0]).toEqual({ priceTicks: Math.ceil((99.6 + spread / 2) * 1e4 - 1e-9), sizeLots: 1 });
  });

  it('symmetric agent centres on the mid; full spread adds gamma sigma^2 (T - t); one quote per event time', () => {
    const s = createAs2008Strategy({ kind: 'symmetric', gamma: 0.5, startTs: 0, spreadTerm: 'full' });
    const intent = s.onEvent(bbo, ctx(0, 100, -3))!;
    const spread = 0.5 * 4 * 1 + 4 * Math.log1p(0.5 / 1.5);
    expect(intentDiagnostics(intent).spread).toBeCloseTo(spread, 12);
    expect(intent.bids[0].priceTicks).toBe(Math.floor((100 - spread / 2) * 1e4 + 1e-9));
    // A second event at the same ts (the mid move of the after-move convention) keeps the quotes.
    expect(s.onEvent(bbo, ctx(0, 100.14, -3))).toBeUndefined();
    expect(s.onEvent(bbo, ctx(5, 100.14, -3))).toBeDefined();
    expect(() => createAs2008Strategy({ kind: 'symmetric', gamma: 0, startTs: 0 })).toThrow(/gamma/);
  });
});
