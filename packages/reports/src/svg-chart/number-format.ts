/**
 * Axis tick labels of a linear scale: just enough decimals for the tick step (d3's rule), thousands
 * grouped with commas, and `%` (Vega-Lite's `axis.format: '%'`) as a percentage. Negative values
 * use the typographic minus, as d3 does.
 */
export function formatTick(value: number, step: number, format: string | undefined): string {
  const percent = format === '%';
  const shown = percent ? value * 100 : value;
  const shownStep = percent ? step * 100 : step;
  const decimals = Math.max(0, Math.min(12, -Math.floor(Math.log10(shownStep) + 1e-9)));
  return groupThousands(shown, decimals) + (percent ? '%' : '');
}

/** A general number in a label or tooltip (not a tick): up to 6 significant decimals, grouped. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const decimals = Math.abs(value) >= 1000 ? 2 : Math.abs(value) >= 1 ? 4 : 6;
  return groupThousands(value, decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function groupThousands(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const negative = value < 0 && Number(fixed) !== 0;
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '−' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}
