import { SeededRandom } from '@mml/core';
import { encodeRlStateAt, encodeRlStateOf, TimeOfDayBuckets } from './rl-state';

const DAY = 86_400_000;
const config = { inventoryBuckets: 5, inventoryBucketOrders: 2, volatilityRatioLow: 0.8, volatilityRatioHigh: 1.25, adverseMoveBps: 5, timeOfDayBuckets: 4 };

describe('TimeOfDayBuckets', () => {
  it('gives the state encodeRlStateOf gives, for any stream of times (bar by bar, across days, back and forth, fractional, before 1970, edges)', () => {
    const rng = new SeededRandom(7);
    const times: number[] = [];
    let now = Date.UTC(2023, 3, 1) - 3 * 60_000;
    for (let i = 0; i < 3_000; i++) times.push((now += 60_000));
    times.push(Date.UTC(2023, 3, 2), Date.UTC(2023, 3, 2) - 1, Date.UTC(2023, 3, 2) + 0.5, 1e12 + 0.25, -1, -DAY, -DAY - 1, -0.5, 0, 1, DAY - 1, DAY, 2 ** 53, -(2 ** 53), 2 ** 60, Infinity, -Infinity, NaN);
    for (let i = 0; i < 2_000; i++) times.push(Math.floor(rng.uniform() * 4 * DAY) + Date.UTC(2023, 0, 1) * (rng.uniform() < 0.5 ? 1 : -1));
    for (const buckets of [1, 4, 7, 24]) {
      const c = { ...config, timeOfDayBuckets: buckets };
      const clock = new TimeOfDayBuckets(buckets);
      for (const t of times) {
        const q = rng.uniform() * 10 - 5;
        expect(Object.is(encodeRlStateAt(c, { q, volatilityRatio: 1.3, midChangeBps: -7 }, clock.bucket({ now: t })), encodeRlStateOf(c, q, 1.3, -7, t))).toBe(true);
      }
    }
  });
});
