/**
 * An exact running sum of integer products that stays in doubles while it can. Each product and
 * partial sum is checked with Number.isSafeInteger; the first one that is not moves the sum to a
 * BigInt (the rare slow path, which allocates), so the result is exact at any size while the
 * usual case allocates nothing.
 */
export class ExactSum {
  private small = 0;
  private big: bigint | undefined;

  /** Adds a x b (both integers). */
  addProduct(a: number, b: number): void {
    const p = a * b;
    if (this.big === undefined && Number.isSafeInteger(p)) {
      const s = this.small + p;
      if (Number.isSafeInteger(s)) {
        this.small = s;
        return;
      }
    }
    this.big = (this.big ?? BigInt(this.small)) + BigInt(a) * BigInt(b);
    this.small = 0;
  }

  /** The exact value. */
  get value(): bigint {
    return this.big ?? BigInt(this.small);
  }

  /** The value as a double (exact while it is a safe integer). */
  get approx(): number {
    return this.big === undefined ? this.small : Number(this.big);
  }
}
