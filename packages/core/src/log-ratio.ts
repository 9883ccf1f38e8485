/** The last quotient logRatio was asked for, and its log (fields of one object: numbers updated in place). */
const last = { a: NaN, b: NaN, value: NaN };

/**
 * ln(a / b), remembering the last arguments: the estimators that follow one price stream (a
 * model's volatility, an RL agent's, the overlays' risk tracker) each take the log return of the
 * same two prices on every bar, and the second and later ask get the number already computed, the
 * same bits (Math.log of the same quotient). A zero `b` is never served from memory (the sign of
 * a zero changes the quotient's sign).
 */
export function logRatio(a: number, b: number): number {
  if (a === last.a && b === last.b && b !== 0) return last.value;
  const value = Math.log(a / b);
  last.a = a;
  last.b = b;
  last.value = value;
  return value;
}
