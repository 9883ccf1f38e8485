import type { Channel, ChannelName, Layer, Row } from './chart-model';
import { linearScale } from './linear-scale';
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
  /** A number's position, or the centre of a category's band. */
  map(value: unknown): number;
  /** Band height (0 on a linear axis). */
  bandwidth: number;
  ticks: AxisTicks;
}

/** A quantitative colour scale (heatmap cells): value -> colour, with the domain its legend shows. */
export interface GradientScale {
  domain: readonly [number, number];
  map(value: number): string;
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

/** Smallest and largest finite number in the channels' fields over their rows ([Infinity, -Infinity] when none). */
function fieldExtent(used: ReadonlyArray<{ layer: Layer; channel: Channel & { field: string } }>, rowsOf: (layer: Layer) => readonly Row[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { layer, channel } of used) {
    for (const row of rowsOf(layer)) {
      const v = row[channel.field];
      if (typeof v === 'number' && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

export function xScale(layers: readonly Layer[], width: number, rowsOf: (layer: Layer) => readonly Row[] = (l) => l.rows): XScale {
  const used = fieldChannels(layers, 'x');
  if (used.length === 0) return { map: () => width / 2, bandwidth: width, ticks: { positions: [], labels: [], grid: false } };
  if (used[0].channel.type === 'temporal') {
    const [lo, hi] = fieldExtent(used, rowsOf);
    const labelWidth = textWidth('2000-00-00 00:00', TIME_LABEL_FONT) + 14;
    const scale = timeScale([lo, hi], [0, width], Math.max(2, Math.floor(width / labelWidth)));
    return {
      map: (value) => scale.map(Number(value)),
      bandwidth: 0,
      ticks: { positions: scale.ticks.map(scale.map), labels: scale.ticks.map(formatUtcMinute), grid: true },
    };
  }
  const domain = categoryDomain(used.map((u) => ({ channel: u.channel, rows: rowsOf(u.layer) })));
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

export function yScale(layers: readonly Layer[], height: number, rowsOf: (layer: Layer) => readonly Row[] = (l) => l.rows): YScale {
  const categories = fieldChannels(layers, 'y').filter((u) => u.channel.type === 'ordinal' || u.channel.type === 'nominal');
  if (categories.length > 0) {
    // Categories top to bottom, like Vega-Lite's y band scale.
    const domain = categoryDomain(categories.map((u) => ({ channel: u.channel, rows: rowsOf(u.layer) })));
    const band = bandScale(domain, height);
    const centre = (value: unknown) => band.start(String(value)) + band.bandwidth / 2;
    return { map: centre, bandwidth: band.bandwidth, ticks: { positions: domain.map(centre), labels: domain, grid: false } };
  }
  let lo = Infinity;
  let hi = -Infinity;
  let zero: boolean | undefined;
  let format: string | undefined;
  const take = (v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const layer of layers) {
    const rows = rowsOf(layer);
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
  return { map: (value) => scale.map(Number(value)), bandwidth: 0, ticks: { positions: scale.ticks.map(scale.map), labels: scale.ticks.map((t) => formatTick(t, scale.step, format)), grid: true } };
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
  const rest = ascending(present.filter((v) => !sort?.includes(v)));
  return sort ? [...sort.filter((v) => seen.has(v)), ...rest] : rest;
}

/**
 * Categories in ascending order: by number when every one is a number written as text (parameter
 * grids: 250 before 1000, where Vega would sort the text, 1000 before 250), else by code unit.
 */
export function ascending(values: readonly string[]): string[] {
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric ? [...values].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : [...values].sort();
}

function categoryScale<T>(layers: readonly Layer[], name: ChannelName, defaults: readonly T[]): CategoryScale<T> | undefined {
  const used = fieldChannels(layers, name).filter((u) => u.channel.type !== 'quantitative');
  if (used.length === 0) return undefined;
  const domain = categoryDomain(used.map((u) => ({ channel: u.channel, rows: u.layer.rows })));
  const range = (used.find((u) => u.channel.scale?.range)?.channel.scale?.range as readonly T[] | undefined) ?? defaults;
  const index = new Map(domain.map((d, i) => [d, i]));
  return { domain, map: (value) => range[(index.get(String(value)) ?? 0) % range.length] };
}

export const colorScale = (layers: readonly Layer[]) => categoryScale<string>(layers, 'color', CATEGORY_COLORS);
export const shapeScale = (layers: readonly Layer[]) => categoryScale<string>(layers, 'shape', SYMBOL_SHAPES);
export const dashScale = (layers: readonly Layer[]) => categoryScale<readonly number[]>(layers, 'strokeDash', DASHES);

// d3's interpolateRdYlGn stops (ColorBrewer RdYlGn, 11 classes): Vega-Lite's `redyellowgreen` scheme.
const RED_YELLOW_GREEN = ['#a50026', '#d73027', '#f46d43', '#fdae61', '#fee08b', '#ffffbf', '#d9ef8b', '#a6d96a', '#66bd63', '#1a9850', '#006837'];

/**
 * The quantitative colour of heatmap cells: the data extent mapped onto red-yellow-green, with
 * `domainMid` (e.g. a Sharpe of 0) at the middle colour, as a diverging Vega scale does.
 */
export function gradientScale(layers: readonly Layer[], rowsOf: (layer: Layer) => readonly Row[] = (l) => l.rows): GradientScale | undefined {
  const used = fieldChannels(layers, 'color').filter((u) => u.channel.type === 'quantitative');
  if (used.length === 0) return undefined;
  let [lo, hi] = fieldExtent(used, rowsOf);
  if (lo > hi) [lo, hi] = [0, 1];
  const mid = used.find((u) => u.channel.scale?.domainMid !== undefined)?.channel.scale?.domainMid;
  // The mid colour means `domainMid` whatever the data: when every value lies on one side (all
  // Sharpes negative), the domain reaches to it, so no cell looks "good" only by comparison.
  if (mid !== undefined) [lo, hi] = [Math.min(lo, mid), Math.max(hi, mid)];
  const position = (v: number): number => {
    if (hi === lo) return 0.5;
    if (mid === undefined) return (v - lo) / (hi - lo);
    // Each side of the mid spans half the colours; a side without data (mid at an end) stays unused.
    if (v <= mid) return mid === lo ? 0.5 : 0.5 * ((v - lo) / (mid - lo));
    return mid === hi ? 0.5 : 0.5 + 0.5 * ((v - mid) / (hi - mid));
  };
  return { domain: [lo, hi], map: (v) => interpolateStops(RED_YELLOW_GREEN, Math.min(1, Math.max(0, position(v)))) };
}

/** The colour at t in [0, 1] along evenly spaced stops, interpolated in RGB. */
export function interpolateStops(stops: readonly string[], t: number): string {
  const scaled = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const a = rgb(stops[i]);
  const b = rgb(stops[i + 1]);
  return '#' + a.map((c, k) => Math.round(c + (b[k] - c) * f).toString(16).padStart(2, '0')).join('');
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
