// Math's functions are bound once per module: under jest every test module runs in a vm context
// where each global lookup (`Math`) goes through the context's interceptors, which made the hot
// loops here ~30x slower in tests than in node (1 day of the known-edge market: 20.6 s vs 0.6 s).
const { PI: M_PI, cos: MCos, exp: MExp, floor: MFloor, imul: MImul, log: MLog, max: MMax, round: MRound, sin: MSin, sqrt: MSqrt } = Math;

/**
 * A seeded pseudo-random number generator: xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32. 32-bit integer arithmetic only, so a seed yields the same sequence on every platform
 * and Node version. Product code never uses the global unseeded generator: every random choice flows from a seed.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = NaN;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.seed = seed;
    let x = seed >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = MImul(z ^ (z >>> 16), 0x85ebca6b);
      z = MImul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const result = MImul(rotl(MImul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return MFloor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller, caching the second variate). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = NaN;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = MSqrt(-2 * MLog(u));
    this.spareNormal = radius * MSin(2 * M_PI * v);
    return radius * MCos(2 * M_PI * v);
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    return -MLog(u) / rate;
  }

  /** Poisson count with mean lambda (Knuth for small lambda, normal approximation above 50). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return MMax(0, MRound(lambda + MSqrt(lambda) * this.normal()));
    const limit = MExp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * An independent generator for a named sub-stream (e.g. 'fills', 'path'), derived from this
   * generator's seed only, so adding a consumer never shifts another consumer's numbers.
   */
  fork(label: string): SeededRandom {
    return new SeededRandom(deriveSeed(this.seed, label));
  }
}

/** Deterministic 32-bit seed from a base seed and a label (FNV-1a over the label, mixed with the seed). */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = MImul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
