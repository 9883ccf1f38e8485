import { DiagnosticsSchema } from './diagnostics-schema';
import { QuoteIntentBuffer } from './quote-intent-buffer';
import { intentDiagnostics, intentReasons, intentRecord, isBreakerTrip } from './quote-intent';

describe('diagnostics in fixed slots', () => {
  const model = new DiagnosticsSchema(['mid', 'spread'], ['bid withdrawn']);
  const stack = model.extend(['spread', 'breakerTrip', 'volRatio'], [{ name: 'vol-widen', text: (d) => `vol-widen: sigma ${d.volRatio}x` }]);

  it('extends a schema without moving the slots and codes already registered (shared names keep one slot)', () => {
    expect(stack.slots).toEqual(['mid', 'spread', 'breakerTrip', 'volRatio']);
    expect(stack.startsWith(model)).toBe(true);
    expect(model.startsWith(stack)).toBe(false);
    expect(stack.reason('bid withdrawn')).toBe(model.reason('bid withdrawn'));
    expect(stack.breakerTripSlot).toBe(2);
    expect(() => stack.slot('nope')).toThrow(/no slot "nope"/);
  });

  it('writes numbers and reason codes in place, and spells them out only on demand', () => {
    const intent = new QuoteIntentBuffer(2, stack);
    intent.diagnostics.values[stack.slot('mid')] = 30_000;
    intent.diagnostics.values[stack.slot('volRatio')] = 2;
    intent.diagnostics.addReason(stack.reason('vol-widen'));
    intent.diagnostics.addReason(stack.reason('bid withdrawn'));
    expect(intentDiagnostics(intent)).toEqual({ mid: 30_000, volRatio: 2 }); // unwritten (NaN) slots are left out
    expect(intentReasons(intent)).toEqual(['vol-widen: sigma 2x', 'bid withdrawn']);
    expect(intent.diagnostics.reasonNames()).toEqual(['vol-widen', 'bid withdrawn']);
    expect(isBreakerTrip(intent)).toBe(false);
    intent.diagnostics.values[stack.breakerTripSlot] = 1;
    expect(isBreakerTrip(intent)).toBe(true);
    intent.diagnostics.clear();
    expect(intentDiagnostics(intent)).toEqual({});
    expect(intentReasons(intent)).toEqual([]);
  });

  it('changes the number of levels by switching prebuilt views: the level objects are pooled', () => {
    const intent = new QuoteIntentBuffer(2, model);
    const level = intent.bidLevel(0);
    level.priceTicks = 100;
    level.sizeLots = 5;
    intent.setBidCount(1);
    expect(intent.bids).toEqual([{ priceTicks: 100, sizeLots: 5 }]);
    const one = intent.bids;
    intent.setBidCount(0);
    expect(intent.bids).toEqual([]);
    intent.setBidCount(1);
    expect(intent.bids).toBe(one);
    expect(intent.bids[0]).toBe(level);
  });

  it('copies a model intent into a wider one and keeps a record that later events cannot change', () => {
    const from = new QuoteIntentBuffer(1, model);
    from.bidLevel(0).priceTicks = 99;
    from.bidLevel(0).sizeLots = 1;
    from.setBidCount(1);
    from.diagnostics.values[0] = 100;
    from.diagnostics.addReason(0);
    const to = new QuoteIntentBuffer(4, stack);
    to.diagnostics.values[stack.slot('volRatio')] = 3;
    to.copyFrom(from);
    expect(to.bids).toEqual([{ priceTicks: 99, sizeLots: 1 }]);
    expect(intentDiagnostics(to)).toEqual({ mid: 100 });
    const record = intentRecord(to);
    to.bidLevel(0).priceTicks = 1;
    expect(record).toEqual({ bids: [{ priceTicks: 99, sizeLots: 1 }], asks: [], flatten: false, diagnostics: { mid: 100 }, reasons: ['bid withdrawn'] });
    expect(() => from.copyFrom(to)).toThrow(/levels on a side|wider/);
  });

  it('computes a deferred slot only when read, carries it through copies, and lets set/clear replace it', () => {
    let calls = 0;
    const source = { value: (stamp: number) => ++calls * 10 + stamp };
    const from = new QuoteIntentBuffer(1, model);
    from.diagnostics.values[0] = 100;
    from.diagnostics.defer(1, source, 0.5);
    expect(from.diagnostics.values[1]).toBeNaN(); // not computed while nobody reads it
    expect(from.diagnostics.isDeferred(1)).toBe(true);
    const to = new QuoteIntentBuffer(1, stack);
    to.copyFrom(from);
    expect(calls).toBe(0);
    expect(intentDiagnostics(to)).toEqual({ mid: 100, spread: 10.5 }); // read: computed once, with its stamp
    expect(to.diagnostics.value('spread')).toBe(10.5);
    expect(calls).toBe(1);
    expect(from.diagnostics.value('spread')).toBe(20.5); // the source's own deferral is still pending
    from.diagnostics.defer(1, source);
    from.diagnostics.set(1, 5);
    expect(from.diagnostics.isDeferred(1)).toBe(false);
    expect(intentDiagnostics(from)).toEqual({ mid: 100, spread: 5 });
    from.diagnostics.defer(1, source);
    from.diagnostics.clear();
    expect(intentDiagnostics(from)).toEqual({});
    expect(calls).toBe(2);
  });

  it('keeps track of which slots are deferred as several are deferred, written, copied, settled and cleared', () => {
    const source = { value: (stamp: number) => stamp };
    const deferredOf = (d: { isDeferred(slot: number): boolean }) => [0, 1, 2, 3].filter((slot) => d.isDeferred(slot));
    const a = new QuoteIntentBuffer(1, stack).diagnostics;
    a.defer(0, source, 1);
    a.defer(1, source, 2);
    a.defer(3, source, 4);
    a.defer(1, source, 3); // deferring a slot again replaces its entry
    expect(deferredOf(a)).toEqual([0, 1, 3]);
    a.set(0, 7); // the first entry goes; the last one takes its place and must still be found
    expect(deferredOf(a)).toEqual([1, 3]);
    a.set(3, 8);
    expect(deferredOf(a)).toEqual([1]);
    a.defer(2, source, 5);
    const b = new QuoteIntentBuffer(1, stack).diagnostics;
    b.defer(3, source, 9);
    b.copyFrom(a); // b's own deferral is replaced by a's
    expect(deferredOf(b)).toEqual([1, 2]);
    expect(b.toObject()).toEqual({ mid: 7, spread: 3, breakerTrip: 5, volRatio: 8 });
    expect(deferredOf(b)).toEqual([]);
    expect(deferredOf(a)).toEqual([1, 2]);
    a.clear();
    expect(deferredOf(a)).toEqual([]);
    a.defer(2, source, 6);
    expect(deferredOf(a)).toEqual([2]);
    expect(a.value('breakerTrip')).toBe(6);
  });
});
