import type { Channel, Layer } from './chart-model';
import { linearScale } from './linear-scale';
import type { MarkScales } from './marks';
import { formatTick } from './number-format';
import { isSymbolShape, symbolPath } from './symbols';
import { escapeXml, px, textWidth, truncateText } from './svg-text';

/**
 * Legends right of the plot, one per field shown by colour, shape or dash (channels showing the
 * same field share one legend, as in Vega-Lite: e.g. side as colour and triangle). Entries beyond
 * `symbolLimit` are summarised as "… N more" so the count of series is never hidden.
 */
export interface LegendEntry {
  label: string;
  color: string;
  /** 'line' draws a stroke (with `dash`); otherwise a symbol shape. */
  symbol: string;
  dash?: readonly number[];
  filled: boolean;
}

export interface Legend {
  field: string;
  title?: string;
  entries: LegendEntry[];
  symbolLimit: number;
  labelLimit: number;
}

const ROW = 16;
const LABEL_FONT = 10;
const TITLE_FONT = 11;
const SYMBOL_WIDTH = 16;
const GAP = 12;

type Use = { layer: Layer; name: 'color' | 'shape' | 'strokeDash'; channel: Channel & { field: string } };

export function buildLegends(layers: readonly Layer[], s: MarkScales): Legend[] {
  const byField = new Map<string, Use[]>();
  for (const layer of layers) {
    for (const name of ['color', 'shape', 'strokeDash'] as const) {
      const channel = layer.encoding[name];
      if (channel?.field === undefined) continue;
      const uses = byField.get(channel.field) ?? [];
      uses.push({ layer, name, channel: channel as Channel & { field: string } });
      byField.set(channel.field, uses);
    }
  }
  const legends: Legend[] = [];
  for (const [field, uses] of byField) {
    if (uses.every((u) => u.channel.legend === null)) continue;
    const titled = uses.find((u) => u.channel.title !== undefined);
    const options = uses.find((u) => u.channel.legend)?.channel.legend ?? {};
    const color = uses.find((u) => u.name === 'color');
    const shape = uses.find((u) => u.name === 'shape');
    const dash = uses.find((u) => u.name === 'strokeDash');
    if (color?.channel.type === 'quantitative') {
      if (s.gradient) legends.push(gradientLegend(field, titled ? (titled.channel.title ?? undefined) : field, s.gradient.domain, s.gradient.map));
      continue;
    }
    const domain = (color ? s.color : shape ? s.shape : s.dash)?.domain ?? [];
    const line = uses.some((u) => u.layer.mark.type === 'line');
    const bar = uses.some((u) => u.layer.mark.type === 'bar');
    const owner = uses[0].layer;
    const fixedColor = typeof owner.encoding.fill?.value === 'string' ? owner.encoding.fill.value : typeof owner.encoding.color?.value === 'string' ? owner.encoding.color.value : (owner.mark.color ?? '#555555');
    const entries = domain.map((value) => ({
      label: value,
      color: color && s.color ? s.color.map(value) : fixedColor,
      symbol: line ? 'line' : shape && s.shape ? s.shape.map(value) : bar ? 'square' : 'circle',
      dash: dash && s.dash ? s.dash.map(value) : undefined,
      filled: bar || uses.some((u) => u.layer.mark.filled === true || typeof u.layer.encoding.fill?.value === 'string'),
    }));
    legends.push({ field, title: titled ? (titled.channel.title ?? undefined) : field, entries, symbolLimit: options.symbolLimit ?? 50, labelLimit: options.labelLimit ?? 160 });
  }
  return legends;
}

/** A quantitative colour as swatches at round values across its domain (no gradient ids to clash in a page). */
function gradientLegend(field: string, title: string | undefined, domain: readonly [number, number], color: (v: number) => string): Legend {
  const ticks = linearScale(domain, [0, 1], { zero: false, nice: false, tickCount: 4 });
  const values = [...new Set([domain[0], ...ticks.ticks, domain[1]])].sort((a, b) => b - a);
  const entries = values.map((v) => ({ label: formatTick(v, ticks.step / 10, undefined), color: color(v), symbol: 'square', filled: true }));
  return { field, title, entries, symbolLimit: entries.length, labelLimit: 160 };
}

function shownEntries(legend: Legend): { entries: LegendEntry[]; more: number } {
  // Like Vega: at the limit, the last slot says how many entries are not shown.
  if (legend.entries.length <= legend.symbolLimit) return { entries: legend.entries, more: 0 };
  const shown = Math.max(0, legend.symbolLimit - 1);
  return { entries: legend.entries.slice(0, shown), more: legend.entries.length - shown };
}

export function legendSize(legend: Legend): { width: number; height: number } {
  const { entries, more } = shownEntries(legend);
  const labels = entries.map((e) => textWidth(truncateText(e.label, LABEL_FONT, legend.labelLimit), LABEL_FONT));
  if (more > 0) labels.push(textWidth(`… ${more} more`, LABEL_FONT));
  const width = Math.max(legend.title ? textWidth(legend.title, TITLE_FONT) : 0, SYMBOL_WIDTH + 4 + Math.max(0, ...labels));
  const height = (legend.title ? TITLE_FONT + 6 : 0) + ROW * (entries.length + (more > 0 ? 1 : 0));
  return { width, height };
}

/** Legends stacked top to bottom; returns their markup and the space they take. */
export function drawLegends(legends: readonly Legend[], x: number, y: number): { svg: string; width: number; height: number } {
  let top = y;
  let width = 0;
  const parts: string[] = [];
  for (const legend of legends) {
    const size = legendSize(legend);
    parts.push(drawLegend(legend, x, top));
    top += size.height + GAP;
    width = Math.max(width, size.width);
  }
  return { svg: parts.join(''), width, height: Math.max(0, top - y - GAP) };
}

function drawLegend(legend: Legend, x: number, y: number): string {
  const { entries, more } = shownEntries(legend);
  let row = y + (legend.title ? TITLE_FONT + 6 : 0);
  const title = legend.title ? `<text class="legend-title" x="0" y="${TITLE_FONT}" font-size="${TITLE_FONT}" font-weight="bold">${escapeXml(legend.title)}</text>` : '';
  const items: string[] = [];
  for (const e of entries) {
    const cy = row - y + ROW / 2;
    const symbol =
      e.symbol === 'line'
        ? `<path d="M0,${px(cy)}h${SYMBOL_WIDTH}" stroke="${escapeXml(e.color)}" stroke-width="2"${e.dash && e.dash.some((d, i) => i % 2 === 1 && d > 0) ? ` stroke-dasharray="${e.dash.join(',')}"` : ''}/>`
        : `<path d="${symbolPath(isSymbolShape(e.symbol) ? e.symbol : 'square', 64, SYMBOL_WIDTH / 2, cy)}" ${e.filled ? `fill="${escapeXml(e.color)}"` : `fill="none" stroke="${escapeXml(e.color)}" stroke-width="1.5"`}/>`;
    items.push(`<g class="legend-entry" data-label="${escapeXml(e.label)}">${symbol}<text x="${SYMBOL_WIDTH + 4}" y="${px(cy)}" dy="0.35em">${escapeXml(truncateText(e.label, LABEL_FONT, legend.labelLimit))}</text></g>`);
    row += ROW;
  }
  if (more > 0) items.push(`<text class="legend-more" x="0" y="${px(row - y + ROW / 2)}" dy="0.35em">… ${more} more</text>`);
  return `<g class="legend" data-field="${escapeXml(legend.field)}" transform="translate(${px(x)},${px(y)})" font-size="${LABEL_FONT}">${title}${items.join('')}</g>`;
}
