import { DataError } from '@mml/core';
import { ConstantLatency, parseLatencyCsv } from './latency-models';
import { createQueueModel, logProbability, powerProbability } from './queue-models';

describe('queue probability functions (hftbacktest PowerProbQueueFunc / LogProbQueueFunc)', () => {
  it('p(behind) = f(back) / (f(back) + f(front))', () => {
    expect(powerProbability(2)(3, 1)).toBeCloseTo(0.1, 12);
    expect(powerProbability(3)(1, 1)).toBeCloseTo(0.5, 12);
    expect(logProbability(3, 1)).toBeCloseTo(Math.log(2) / (Math.log(2) + Math.log(4)), 12);
    expect(logProbability(0, 5)).toBe(1); // at the front: every decrease is behind us
  });

  it('a decrease larger than the back eats into the front, and the queue never exceeds the level', () => {
    const q = createQueueModel('power', 1);
    const order = { queueAhead: 0, tradedAtLevel: 0 };
    q.arrive(order, 4);
    q.depth(order, 5, 1); // front 4, back 1, decrease 4, p = 1/5: 4 - 0.8 x 4 + min(1 - 0.8, 0) = 0.8
    expect(order.queueAhead).toBeCloseTo(0.8, 12);
    q.depth(order, 1, 0.5);
    expect(order.queueAhead).toBeLessThanOrEqual(0.5);
    q.depth(order, 0.5, 3); // an increase joins behind us
    expect(order.queueAhead).toBeLessThanOrEqual(0.5);
  });

  it('risk-averse only moves on trades, and caps at the displayed size', () => {
    const q = createQueueModel('risk-averse', 2);
    const order = { queueAhead: 0, tradedAtLevel: 0 };
    q.arrive(order, 4);
    q.depth(order, 4, 3);
    expect(order.queueAhead).toBe(3);
    q.trade(order, 1);
    expect(order.queueAhead).toBe(2);
  });
});

describe('latency models', () => {
  it('constant latency', () => {
    const l = new ConstantLatency(5, 7);
    expect([l.entry(), l.response()]).toEqual([5, 7]);
  });

  it('interpolates recorded entry and response latency, flat outside the record', () => {
    const l = parseLatencyCsv('# recorded\nrequest_ts,exchange_ts,response_ts\n1000,1010,1030\n2000,2030,2040\n', 'lat.csv');
    expect(l.entry(500)).toBe(10);
    expect(l.entry(1500)).toBe(20);
    expect(l.entry(1000)).toBe(10);
    expect(l.entry(9000)).toBe(30);
    expect(l.response(1010)).toBe(20);
    expect(l.response(1520)).toBe(15);
    expect(l.response(9000)).toBe(10);
    expect(l.entry(1250)).toBe(15); // lookups back in time rescan
  });

  it.each([
    ['', /row 1, field "header": empty file/],
    ['a,b,c\n1,2,3\n', /row 1, field "header": expected the header/],
    ['request_ts,exchange_ts,response_ts\n', /no latency rows/],
    ['request_ts,exchange_ts,response_ts\n1,2\n', /row 2, field "row": expected 3 fields/],
    ['request_ts,exchange_ts,response_ts\n1,x,3\n', /row 2, field "exchange_ts": not a finite number/],
    ['request_ts,exchange_ts,response_ts\n5,4,6\n', /row 2, field "exchange_ts": is before request_ts/],
    ['request_ts,exchange_ts,response_ts\n1,4,3\n', /row 2, field "response_ts": is before exchange_ts/],
    ['request_ts,exchange_ts,response_ts\n5,6,7\n4,6,7\n', /row 3, field "request_ts": goes back in time/],
  ])('refuses a bad file naming row and field: %j', (text, message) => {
    expect(() => parseLatencyCsv(text, 'lat.csv')).toThrow(DataError);
    expect(() => parseLatencyCsv(text, 'lat.csv')).toThrow(message);
  });
});
