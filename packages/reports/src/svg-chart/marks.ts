import type { Channel, Layer, Row } from './chart-model';
import { formatValue } from './number-format';
import { bandScale, categoryDomain, type CategoryScale, type GradientScale, type XScale, type YScale } from './view-scales';
import { isSymbolShape, symbolOutline } from './symbols';
import { escapeXml, px } from './svg-text';

/**
 * The marks of one layer as SVG, in the plot's coordinates (origin top left). Every group of data
 * drawn as one series carries `data-series` (its category values, e.g. the run label) and
 * `data-points` (how many data rows it draws), so a test can check that no series or point was lost.
 */
export interface MarkScales {
  x: XScale;
  y: YScale;
  color?: CategoryScale<string>;
  /** Quantitative colour (heatmap cells). */
  gradient?: GradientScale;
  shape?: CategoryScale<string>;
  dash?: CategoryScale<readonly number[]>;
  width: number;
}

const DEFAULT_COLOR = '#4c78a8';

export function drawLayer(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  switch (layer.mark.type) {
    case 'line':
      return drawLines(layer, rows, s);
    case 'point':
      return drawPoints(layer, rows, s, layer.mark.size ?? 30, layer.mark.filled ?? false, layer.mark.opacity);
    case 'bar':
      return drawBars(layer, rows, s);
    case 'rule':
      return drawRules(layer, rows, s);
    case 'text':
      return drawTexts(layer, rows, s);
    case 'errorbar':
      return drawErrorbars(layer, rows, s);
    case 'rect':
      return drawCells(layer, rows, s);
  }
}

/** Rows grouped by the values of the given channels' fields, groups in first-seen order. */
function groupRows(rows: readonly Row[], channels: ReadonlyArray<Channel | undefined>): Array<{ key: string[]; rows: Row[] }> {
  const fields = [...new Set(channels.map((c) => c?.field).filter((f): f is string => f !== undefined))];
  const groups = new Map<string, { key: string[]; rows: Row[] }>();
  for (const row of rows) {
    let id = '';
    for (const f of fields) id += String(row[f]) + '\u0000';
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key: fields.map((f) => String(row[f])), rows: [] }));
    group.rows.push(row);
  }
  return [...groups.values()];
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function colorOf(layer: Layer, row: Row | undefined, s: MarkScales): string {
  const c = layer.encoding.color;
  if (c?.field !== undefined && c.type === 'quantitative' && s.gradient && row) return s.gradient.map(Number(row[c.field]));
  if (c?.field !== undefined && s.color && row) return s.color.map(row[c.field]);
  if (typeof c?.value === 'string') return c.value;
  return layer.mark.color ?? DEFAULT_COLOR;
}

function seriesAttrs(key: readonly string[], points: number): string {
  return `${key.length > 0 ? ` data-series="${escapeXml(key.join(' · '))}"` : ''} data-points="${points}"`;
}

function dashAttr(dash: readonly number[] | undefined): string {
  return dash && dash.some((d, i) => i % 2 === 1 && d > 0) ? ` stroke-dasharray="${dash.join(',')}"` : '';
}

function drawLines(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const x = layer.encoding.x as Channel & { field: string };
  const y = layer.encoding.y as Channel & { field: string };
  const strokeDash = layer.encoding.strokeDash;
  const out: string[] = [];
  const points: string[] = [];
  for (const group of groupRows(rows, [layer.encoding.color, strokeDash])) {
    // Vega-Lite draws a line in x order (time, or the category order); rows without a finite x or
    // y are left out, as Vega does. The sort is stable: equal x keep their data order.
    const at = group.rows
      .filter((r) => (x.type !== 'temporal' || finite(r[x.field])) && finite(r[y.field]))
      .map((r) => [s.x.map(r[x.field]), s.y.map(r[y.field])] as const)
      .sort((a, b) => a[0] - b[0]);
    if (at.length === 0) continue;
    let d = `M${px(at[0][0])},${px(at[0][1])}`;
    for (let i = 1; i < at.length; i++) d += layer.mark.stepAfter ? `H${px(at[i][0])}V${px(at[i][1])}` : `L${px(at[i][0])},${px(at[i][1])}`;
    const color = colorOf(layer, group.rows[0], s);
    const dash = strokeDash?.field !== undefined && s.dash ? s.dash.map(group.rows[0][strokeDash.field]) : layer.mark.strokeDash;
    out.push(`<path${seriesAttrs(group.key, at.length)} d="${d}" fill="none" stroke="${escapeXml(color)}" stroke-width="${px(layer.mark.strokeWidth ?? 2)}"${dashAttr(dash)}/>`);
    if (layer.mark.point) points.push(symbolGroup(at, 'circle', 30, color, true, undefined, group.key));
  }
  return `<g class="mark-line">${out.join('')}</g>` + (points.length > 0 ? `<g class="mark-symbol">${points.join('')}</g>` : '');
}

function symbolGroup(at: ReadonlyArray<readonly [number, number]>, shape: string, size: number, color: string, filled: boolean, opacity: number | undefined, key: readonly string[]): string {
  const outline = symbolOutline(isSymbolShape(shape) ? shape : 'circle', size);
  let d = '';
  for (const [cx, cy] of at) d += `M${px(cx)},${px(cy)}${outline}`;
  const paint = filled ? `fill="${escapeXml(color)}"` : `fill="none" stroke="${escapeXml(color)}" stroke-width="1.5"`;
  return `<path${seriesAttrs(key, at.length)} d="${d}" ${paint}${opacity !== undefined ? ` opacity="${px(opacity)}"` : ''}/>`;
}

function drawPoints(layer: Layer, rows: readonly Row[], s: MarkScales, size: number, filled: boolean, opacity: number | undefined): string {
  const x = layer.encoding.x as Channel & { field: string };
  const y = layer.encoding.y as Channel & { field: string };
  const shapeChannel = layer.encoding.shape;
  const fill = layer.encoding.fill?.value;
  const out: string[] = [];
  for (const group of groupRows(rows, [layer.encoding.color, shapeChannel])) {
    const drawn = group.rows.filter((r) => finite(r[y.field]) && (x.type !== 'temporal' || finite(r[x.field])));
    if (drawn.length === 0) continue;
    const first = group.rows[0];
    const shape = shapeChannel?.field !== undefined && s.shape ? s.shape.map(first[shapeChannel.field]) : 'circle';
    const color = typeof fill === 'string' ? fill : colorOf(layer, first, s);
    out.push(symbolGroup(drawn.map((r) => [s.x.map(r[x.field]), s.y.map(r[y.field] as number)]), shape, size, color, filled || typeof fill === 'string', opacity, group.key));
  }
  return `<g class="mark-symbol">${out.join('')}</g>`;
}

function drawBars(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const x = layer.encoding.x as Channel & { field: string };
  const y = layer.encoding.y as Channel & { field: string };
  const y2 = layer.encoding.y2?.field;
  const offset = layer.encoding.xOffset as (Channel & { field: string }) | undefined;
  // Grouped bars: each band split into sub-bands, one per xOffset category.
  const sub = offset ? bandScale(categoryDomain([{ channel: offset, rows }]), s.x.bandwidth) : undefined;
  const stroke = layer.encoding.stroke?.value;
  const strokeWidth = layer.encoding.strokeWidth?.value;
  // A bar is named by its category and the values of its colour and offset fields.
  const barFields = [...new Set([x.field, layer.encoding.color?.field, offset?.field].filter((f): f is string => f !== undefined))];
  const out: string[] = [];
  for (const r of rows) {
    const v = r[y.field];
    const base = y2 !== undefined ? r[y2] : 0;
    if (!finite(v) || !finite(base)) continue;
    let left = s.x.map(r[x.field]) - s.x.bandwidth / 2;
    let width = s.x.bandwidth;
    if (sub && offset) {
      left += sub.start(String(r[offset.field]));
      width = sub.bandwidth;
    }
    const top = Math.min(s.y.map(v), s.y.map(base));
    const height = Math.abs(s.y.map(v) - s.y.map(base));
        const tip = layer.tooltip.length > 0 ? `<title>${escapeXml(layer.tooltip.map((t) => `${t.field}: ${tipValue(r[t.field])}`).join('; '))}</title>` : '';
    const strokeAttrs = typeof stroke === 'string' ? ` stroke="${escapeXml(stroke)}" stroke-width="${px(typeof strokeWidth === 'number' ? strokeWidth : 1)}"` : '';
    out.push(`<path${seriesAttrs(barFields.map((f) => String(r[f])), 1)} d="M${px(left)},${px(top)}h${px(width)}v${px(height)}h${px(-width)}Z" fill="${escapeXml(colorOf(layer, r, s))}"${strokeAttrs}>${tip}</path>`);
  }
  return `<g class="mark-rect">${out.join('')}</g>`;
}

function tipValue(value: unknown): string {
  return typeof value === 'number' ? formatValue(value) : String(value);
}

function drawRules(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const y = layer.encoding.y as Channel;
  const values = y.datum !== undefined ? [y.datum] : rows.map((r) => r[y.field as string]).filter(finite);
  const color = layer.mark.color ?? '#000000';
  const lines = values.map((v) => `<line x1="0" x2="${px(s.width)}" y1="${px(s.y.map(v))}" y2="${px(s.y.map(v))}"/>`);
  return `<g class="mark-rule" data-points="${values.length}" stroke="${escapeXml(color)}" stroke-width="${px(layer.mark.strokeWidth ?? 1)}"${dashAttr(layer.mark.strokeDash)}>${lines.join('')}</g>`;
}

function drawTexts(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const y = layer.encoding.y as Channel & { field: string };
  const text = layer.encoding.text as Channel & { field: string };
  // At a pixel position (a label at the plot's edge) or at the centre of a category's band (a cell label).
  const xField = layer.encoding.x?.field;
  const xAt = (r: Row) => (xField !== undefined ? s.x.map(r[xField]) : Number(layer.encoding.x?.value ?? 0)) + (layer.mark.dx ?? 0);
  const anchor = layer.mark.align === 'right' ? 'end' : layer.mark.align === 'left' ? 'start' : 'middle';
  const size = layer.mark.fontSize ?? 11;
  const placed = s.y.bandwidth > 0 ? rows : rows.filter((r) => finite(r[y.field]));
  const items = placed.map((r) => `<text x="${px(xAt(r))}" y="${px(s.y.map(r[y.field]) + (layer.mark.dy ?? 0))}">${escapeXml(String(r[text.field]))}</text>`);
  return `<g class="mark-text" data-points="${items.length}" text-anchor="${anchor}" dominant-baseline="middle" font-size="${px(size)}" fill="${escapeXml(layer.mark.color ?? '#000000')}">${items.join('')}</g>`;
}

function drawErrorbars(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const x = layer.encoding.x as Channel & { field: string };
  const lo = (layer.encoding.y as Channel & { field: string }).field;
  const hi = (layer.encoding.y2 as Channel & { field: string }).field;
  const cap = Math.min(10, Math.max(4, s.x.bandwidth * 0.2)) / 2;
  const out: string[] = [];
  for (const group of groupRows(rows, [layer.encoding.color])) {
    let d = '';
    let n = 0;
    for (const r of group.rows) {
      if (!finite(r[lo]) || !finite(r[hi])) continue;
      const cx = s.x.map(r[x.field]);
      const y0 = s.y.map(r[lo] as number);
      const y1 = s.y.map(r[hi] as number);
      d += `M${px(cx)},${px(y0)}V${px(y1)}`;
      if (layer.mark.ticks) d += `M${px(cx - cap)},${px(y0)}h${px(2 * cap)}M${px(cx - cap)},${px(y1)}h${px(2 * cap)}`;
      n++;
    }
    if (n > 0) out.push(`<path${seriesAttrs(group.key, n)} d="${d}" fill="none" stroke="${escapeXml(colorOf(layer, group.rows[0], s))}" stroke-width="1"/>`);
  }
  return `<g class="mark-errorbar">${out.join('')}</g>`;
}

/** Heatmap cells: one rectangle per row, filling its x band and y band. */
function drawCells(layer: Layer, rows: readonly Row[], s: MarkScales): string {
  const x = layer.encoding.x as Channel & { field: string };
  const y = layer.encoding.y as Channel & { field: string };
  const out = rows.map((r) => {
    const left = s.x.map(r[x.field]) - s.x.bandwidth / 2;
    const top = s.y.map(r[y.field]) - s.y.bandwidth / 2;
    return `<path${seriesAttrs([String(r[x.field]), String(r[y.field])], 1)} d="M${px(left)},${px(top)}h${px(s.x.bandwidth)}v${px(s.y.bandwidth)}h${px(-s.x.bandwidth)}Z" fill="${escapeXml(colorOf(layer, r, s))}"/>`;
  });
  return `<g class="mark-rect">${out.join('')}</g>`;
}
