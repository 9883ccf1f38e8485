import type { Channel, ChannelName, Layer, Row } from './chart-model';
import { linearScale, type LinearScale } from './linear-scale';
import { formatTick } from './number-format';
import { SYMBOL_SHAPES } from './symbols';
import { textWidth } from './svg-text';
import { formatUtcMinute, timeScale } from './time-scale';

/**
 * The scales of one view, shared by its layers (Vega-Lite's default): x (UTC time, or a band per
 * category), y (linear over every y, y2 and datum of every layer), and the categorical colour,
 * shape and dash scales. Category domains follow Vega-Lite: the scale's domain, else the sort
 * list, else the values in ascending order.
 */
export interface AxisTicks {
  /** Pixel positions along the axis. */
  positions: number[];
  labels: string[];
  /** Grid lines at the ticks (continuous scales). */
  grid: boolean;
}

export interface XScale {
  /** Centre of a band, or the time's position. */
  map(value: unknown): number;
  /** Band width (0 on a time axis). */
  bandwidth: number;
  ticks: AxisTicks;
}

export interface YScale {
  map(value: number): number;
  ticks: AxisTicks;
  scale: LinearScale;
}

export interface CategoryScale<T> {
  domain: string[];
  map(value: unknown): T;
}

// Vega's default categorical scheme (tableau10).
export const CATEGORY_COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const DASHES: ReadonlyArray<readonly number[]> = [[1, 0], [4, 2], [2, 1], [1, 1], [1, 2, 4, 2]];
const TIME_LABEL_FONT = 10;
const BAND_PADDING_INNER = 0.1;
const BAND_PADDING_OUTER = 0.05;

/** The channel's definitions across the layers that use it with a field. */
function fieldChannels(layers: readonly Layer[], name: ChannelName): Array<{ layer: Layer; channel: Channel & { field: string } }> {
  const out: Array<{ layer: Layer; channel: Channel & { field: string } }> = [];
  for (const layer of layers) {
    const channel = layer.encoding[name];
    if (channel?.field !== undefined) out.push({ layer, channel: channel as Channel & { field: string } });
  }
  return out;
}

export function xScale(layers: readonly Layer[], width: number): XScale {
  const used = fieldChannels(layers, 'x');
  if (used.length === 0) return { map: () => width / 2, bandwidth: width, ticks: { positions: [], labels: [], grid: false } };
  if (used[0].channel.type === 'temporal') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const { layer, channel } of used) {
      for (const row of layer.rows) {
        const t = row[channel.field];
        if (typeof t === 'number' && Number.isFinite(t)) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
      }
    }
    const labelWidth = textWidth('2000-00-00 00:00', TIME_LABEL_FONT) + 14;
    const scale = timeScale([lo, hi], [0, width], Math.max(2, Math.floor(width / labelWidth)));
    return {
      map: (value) => scale.map(Number(value)),
      bandwidth: 0,
      ticks: { positions: scale.ticks.map(scale.map), labels: scale.ticks.map(formatUtcMinute), grid: true },
    };
  }
  const domain = categoryDomain(used.map((u) => ({ channel: u.channel, rows: u.layer.rows })));
  const band = bandScale(domain, width);
  return { map: (value) => band.start(String(value)) + band.bandwidth / 2, bandwidth: band.bandwidth, ticks: { positions: domain.map((d) => band.start(d) + band.bandwidth / 2), labels: domain, grid: false } };
}

/** Categories placed in equal bands along [0, width] (Vega's band scale with padding). */
export function bandScale(domain: readonly string[], width: number): { start(value: string): number; bandwidth: number } {
  const n = Math.max(1, domain.length);
  const step = width / Math.max(1, n - BAND_PADDING_INNER + 2 * BAND_PADDING_OUTER);
  const bandwidth = step * (1 - BAND_PADDING_INNER);
  const index = new Map(domain.map((d, i) => [d, i]));
  return { start: (value) => step * BAND_PADDING_OUTER + step * (index.get(value) ?? 0), bandwidth };
}

export function yScale(layers: readonly Layer[], height: number, rowsOf?: (layer: Layer) => readonly Row[]): YScale {
  let lo = Infinity;
  let hi = -Infinity;
  let zero: boolean | undefined;
  let format: string | undefined;
  const take = (v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  };
  for (const layer of layers) {
    const rows = rowsOf ? rowsOf(layer) : layer.rows;
    for (const name of ['y', 'y2'] as const) {
      const channel = layer.encoding[name];
      if (channel === undefined) continue;
      if (channel.datum !== undefined) take(channel.datum);
      if (channel.field !== undefined) for (const row of rows) take(row[channel.field]);
      zero ??= channel.scale?.zero;
      format ??= channel.axis?.format;
    }
  }
  const scale = linearScale([lo, hi], [height, 0], { zero: zero ?? true, nice: true, tickCount: Math.max(2, Math.round(height / 40)) });
  return { map: scale.map, scale, ticks: { positions: scale.ticks.map(scale.map), labels: scale.ticks.map((t) => formatTick(t, scale.step, format)), grid: true } };
}

/** Domain of a categorical channel over layers: scale domain, else sort list (then the rest ascending), else ascending. */
export function categoryDomain(uses: ReadonlyArray<{ channel: Channel & { field: string }; rows: readonly Row[] }>): string[] {
  for (const { channel } of uses) if (channel.scale?.domain) return channel.scale.domain.map(String);
  const present: string[] = [];
  const seen = new Set<string>();
  for (const { channel, rows } of uses) {
    for (const row of rows) {
      const v = String(row[channel.field]);
      if (!seen.has(v)) {
        seen.add(v);
        present.push(v);
      }
    }
  }
  const sort = uses.find((u) => Array.isArray(u.channel.sort))?.channel.sort as readonly string[] | undefined;
  const rest = present.filter((v) => !sort?.includes(v)).sort();
  return sort ? [...sort.filter((v) => seen.has(v)), ...rest] : rest;
}

function categoryScale<T>(layers: readonly Layer[], name: ChannelName, defaults: readonly T[]): CategoryScale<T> | undefined {
  const used = fieldChannels(layers, name);
  if (used.length === 0) return undefined;
  const domain = categoryDomain(used.map((u) => ({ channel: u.channel, rows: u.layer.rows })));
  const range = (used.find((u) => u.channel.scale?.range)?.channel.scale?.range as readonly T[] | undefined) ?? defaults;
  const index = new Map(domain.map((d, i) => [d, i]));
  return { domain, map: (value) => range[(index.get(String(value)) ?? 0) % range.length] };
}

export const colorScale = (layers: readonly Layer[]) => categoryScale<string>(layers, 'color', CATEGORY_COLORS);
export const shapeScale = (layers: readonly Layer[]) => categoryScale<string>(layers, 'shape', SYMBOL_SHAPES);
export const dashScale = (layers: readonly Layer[]) => categoryScale<readonly number[]>(layers, 'strokeDash', DASHES);
