import { isSymbolShape } from './symbols';

/**
 * The subset of Vega-Lite v5 that the report charts use, read from a spec into typed form. The
 * reader is a whitelist: a spec with any key, mark, channel, type or option outside the subset
 * gives `undefined` (the caller then draws it with Vega), so nothing a spec says is ever silently
 * dropped from the picture.
 *
 * Subset: a single view (`mark` + `encoding`), a `layer` of them, or a `facet` (one field,
 * `columns`) of one such view; inline `data.values`; marks line, point, bar, rule, text, errorbar;
 * channels x, y, y2, xOffset, color, shape, strokeDash, fill, stroke, strokeWidth, text, tooltip.
 */
export type Row = Readonly<Record<string, unknown>>;
export type FieldType = 'quantitative' | 'temporal' | 'nominal' | 'ordinal';
export type MarkType = 'line' | 'point' | 'bar' | 'rule' | 'text' | 'errorbar' | 'rect';
export type ChannelName = 'x' | 'y' | 'y2' | 'xOffset' | 'color' | 'shape' | 'strokeDash' | 'fill' | 'stroke' | 'strokeWidth' | 'text';

export interface AxisOptions {
  format?: string;
  labelAngle?: number;
  labelLimit?: number;
  labelFontSize?: number;
}

export interface LegendOptions {
  symbolLimit?: number;
  labelLimit?: number;
}

export interface Channel {
  field?: string;
  type?: FieldType;
  /** undefined: the field name; null: no title. */
  title?: string | null;
  /** A constant in data units (e.g. a rule at y = 0). */
  datum?: number;
  /** A constant in visual units (a colour, a pixel position, a width). */
  value?: string | number;
  sort?: readonly string[] | 'ascending';
  scale?: { utc?: boolean; zero?: boolean; domain?: readonly unknown[]; range?: readonly unknown[]; scheme?: 'redyellowgreen'; domainMid?: number };
  /** null: no axis. */
  axis?: AxisOptions | null;
  /** null: no legend. */
  legend?: LegendOptions | null;
}

export interface Mark {
  type: MarkType;
  strokeWidth?: number;
  stepAfter?: boolean;
  filled?: boolean;
  size?: number;
  opacity?: number;
  strokeDash?: readonly number[];
  color?: string;
  /** line: also a point at every datum. */
  point?: boolean;
  /** errorbar: caps at both ends. */
  ticks?: boolean;
  align?: 'left' | 'center' | 'right';
  dx?: number;
  dy?: number;
  fontSize?: number;
}

export interface Layer {
  mark: Mark;
  encoding: Partial<Record<ChannelName, Channel>>;
  tooltip: ReadonlyArray<{ field: string }>;
  rows: readonly Row[];
}

export interface View {
  width: number;
  height: number;
  layers: readonly Layer[];
}

export interface Title {
  text: string;
  subtitle?: string;
}

export interface Facet {
  field: string;
  /** Scales each panel computes from its own rows (Vega-Lite `resolve.scale.<channel>: 'independent'`). */
  independent: { x: boolean; y: boolean };
  order: readonly string[];
  columns: number;
  labelLimit: number;
  labelFontSize: number;
}

export interface ChartModel {
  title?: Title;
  /** The spec's description (the report marks its charts `mml-chart:<id>`). */
  description?: string;
  background?: string;
  view: View;
  facet?: Facet;
}

type Json = Record<string, unknown>;

const TOP_KEYS = new Set(['$schema', 'title', 'description', 'width', 'height', 'background', 'data', 'mark', 'encoding', 'layer', 'resolve', 'facet', 'columns', 'spec']);
const VIEW_KEYS = new Set(['width', 'height', 'data', 'mark', 'encoding', 'layer']);
const LAYER_KEYS = new Set(['data', 'mark', 'encoding']);
const CHANNELS = new Set<string>(['x', 'y', 'y2', 'xOffset', 'color', 'shape', 'strokeDash', 'fill', 'stroke', 'strokeWidth', 'text', 'tooltip']);
const CHANNEL_KEYS = new Set(['field', 'type', 'title', 'datum', 'value', 'sort', 'scale', 'axis', 'legend']);
const FIELD_TYPES = new Set(['quantitative', 'temporal', 'nominal', 'ordinal']);
const MARK_KEYS: Record<MarkType, Set<string>> = {
  line: new Set(['type', 'strokeWidth', 'interpolate', 'color', 'point', 'strokeDash']),
  point: new Set(['type', 'filled', 'size', 'opacity', 'color']),
  bar: new Set(['type', 'color']),
  rule: new Set(['type', 'strokeDash', 'color', 'strokeWidth']),
  text: new Set(['type', 'align', 'dx', 'dy', 'fontSize', 'color']),
  errorbar: new Set(['type', 'ticks', 'color']),
  rect: new Set(['type']),
};
const DEFAULT_WIDTH = 400;
const DEFAULT_HEIGHT = 200;

class Unsupported extends Error {}

/** The spec in typed form, or undefined when it uses anything outside the subset. */
export function readChartModel(spec: unknown): ChartModel | undefined {
  try {
    return readTop(object(spec));
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function readTop(spec: Json): ChartModel {
  onlyKeys(spec, TOP_KEYS);
  const independent = spec.resolve === undefined ? new Set<string>() : readResolve(spec.resolve, spec.facet !== undefined);
  const title = readTitle(spec.title);
  const description = optional(spec.description, string);
  const background = optional(spec.background, string);
  if (spec.facet !== undefined) {
    if (spec.mark !== undefined || spec.layer !== undefined || spec.encoding !== undefined || spec.width !== undefined || spec.height !== undefined) throw new Unsupported();
    const facet = object(spec.facet);
    onlyKeys(facet, new Set(['field', 'type', 'title', 'sort', 'header']));
    if (facet.title !== null && facet.title !== undefined) throw new Unsupported();
    const header = facet.header === undefined ? {} : object(facet.header);
    onlyKeys(header, new Set(['labelLimit', 'labelFontSize']));
    const inner = object(spec.spec);
    const rows = readData(spec.data);
    const view = readView(inner, rows);
    const field = string(facet.field);
    const present = [...new Set(rows.map((r) => String(r[field])))];
    const sort = facet.sort === undefined ? [...present].sort() : stringArray(facet.sort);
    const order = [...sort.filter((v) => present.includes(v)), ...present.filter((v) => !sort.includes(v)).sort()];
    const columns = spec.columns === undefined ? order.length : positiveInteger(spec.columns);
    return { title, description, background, view, facet: { field, independent: { x: independent.has('x'), y: independent.has('y') }, order, columns, labelLimit: optional(header.labelLimit, number) ?? 200, labelFontSize: optional(header.labelFontSize, number) ?? 11 } };
  }
  if (spec.spec !== undefined || spec.columns !== undefined) throw new Unsupported();
  const view: Json = {};
  for (const key of VIEW_KEYS) if (spec[key] !== undefined) view[key] = spec[key];
  return { title, description, background, view: readView(view, undefined) };
}

function readView(spec: Json, inherited: readonly Row[] | undefined): View {
  onlyKeys(spec, VIEW_KEYS);
  const rows = spec.data === undefined ? inherited : readData(spec.data);
  const width = optional(spec.width, number) ?? DEFAULT_WIDTH;
  const height = optional(spec.height, number) ?? DEFAULT_HEIGHT;
  let layers: Layer[];
  if (spec.layer !== undefined) {
    if (spec.mark !== undefined || spec.encoding !== undefined) throw new Unsupported();
    layers = array(spec.layer).map((l) => {
      const layer = object(l);
      onlyKeys(layer, LAYER_KEYS);
      return readLayer(layer, layer.data === undefined ? rows : readData(layer.data));
    });
  } else {
    layers = [readLayer(spec, rows)];
  }
  if (layers.length === 0) throw new Unsupported();
  // Layers share their x and y scales: all time, all categories or all numbers on each axis.
  for (const name of ['x', 'y'] as const) {
    const kinds = new Set(layers.map((l) => l.encoding[name]).filter((c) => c?.field !== undefined).map((c) => (isCategory(c) ? 'category' : c?.type)));
    if (kinds.size > 1) throw new Unsupported();
  }
  return { width, height, layers };
}

function readLayer(spec: Json, rows: readonly Row[] | undefined): Layer {
  const mark = readMark(spec.mark);
  const encoding: Partial<Record<ChannelName, Channel>> = {};
  let tooltip: Array<{ field: string }> = [];
  const enc = spec.encoding === undefined ? {} : object(spec.encoding);
  for (const [name, value] of Object.entries(enc)) {
    if (!CHANNELS.has(name)) throw new Unsupported();
    if (name === 'tooltip') tooltip = array(value).map((t) => readTooltip(t));
    // y2 takes y's type and text is a label: both may leave the type out.
    else encoding[name as ChannelName] = readChannel(value, name === 'y2' || name === 'text');
  }
  // Rows are needed as soon as a channel reads a field.
  const needsRows = Object.values(encoding).some((c) => c?.field !== undefined);
  if (needsRows && rows === undefined) throw new Unsupported();
  const x = encoding.x;
  const y = encoding.y;
  if (mark.type !== 'rule' && mark.type !== 'text' && (x?.field === undefined || y?.field === undefined)) throw new Unsupported();
  // Bands on both axes: heatmap cells (rect) and their labels (text).
  const grid = mark.type === 'rect' || (mark.type === 'text' && x?.field !== undefined);
  if (grid && (!isCategory(x) || !isCategory(y))) throw new Unsupported();
  if (mark.type === 'rect' && encoding.color?.field !== undefined && encoding.color.type !== 'quantitative') throw new Unsupported();
  if (mark.type === 'rule' && (x !== undefined || (y?.field === undefined && y?.datum === undefined))) throw new Unsupported();
  if (mark.type === 'text' && (y?.field === undefined || (x?.value === undefined && x?.field === undefined) || encoding.text?.field === undefined)) throw new Unsupported();
  if (mark.type === 'errorbar' && encoding.y2?.field === undefined) throw new Unsupported();
  if (!grid && y && y.field !== undefined && y.type !== 'quantitative') throw new Unsupported();
  if (x && x.field !== undefined && x.type === 'quantitative') throw new Unsupported();
  if (x?.type === 'temporal' && mark.type === 'bar') throw new Unsupported();
  if (encoding.xOffset && (mark.type !== 'bar' || encoding.xOffset.field === undefined)) throw new Unsupported();
  for (const name of ['color', 'shape', 'strokeDash'] as const) {
    const c = encoding[name];
    if (c?.field !== undefined && c.type !== 'nominal' && !(name === 'color' && mark.type === 'rect' && c.type === 'quantitative')) throw new Unsupported();
    if (c?.value !== undefined && name !== 'color') throw new Unsupported();
  }
  if (encoding.shape?.scale?.range?.some((r) => !isSymbolShape(r))) throw new Unsupported();
  if (encoding.strokeDash?.scale?.range?.some((r) => !Array.isArray(r) || !r.every((n) => typeof n === 'number' && n >= 0))) throw new Unsupported();
  if (encoding.color?.scale?.range?.some((r) => typeof r !== 'string')) throw new Unsupported();
  for (const name of ['fill', 'stroke'] as const) if (encoding[name] !== undefined && typeof encoding[name]?.value !== 'string') throw new Unsupported();
  if (encoding.strokeWidth !== undefined && typeof encoding.strokeWidth.value !== 'number') throw new Unsupported();
  return { mark, encoding, tooltip, rows: rows ?? [] };
}

function readMark(value: unknown): Mark {
  const m = typeof value === 'string' ? { type: value } : object(value);
  const type = string(m.type);
  if (!(type in MARK_KEYS)) throw new Unsupported();
  const markType = type as MarkType;
  onlyKeys(m, MARK_KEYS[markType]);
  const interpolate = optional(m.interpolate, string);
  if (interpolate !== undefined && interpolate !== 'linear' && interpolate !== 'step-after') throw new Unsupported();
  const align = optional(m.align, string);
  if (align !== undefined && align !== 'left' && align !== 'center' && align !== 'right') throw new Unsupported();
  return {
    type: markType,
    strokeWidth: optional(m.strokeWidth, number),
    stepAfter: interpolate === 'step-after',
    filled: optional(m.filled, boolean),
    size: optional(m.size, number),
    opacity: optional(m.opacity, number),
    strokeDash: m.strokeDash === undefined ? undefined : array(m.strokeDash).map(number),
    color: optional(m.color, string),
    point: optional(m.point, boolean),
    ticks: optional(m.ticks, boolean),
    align: align as Mark['align'],
    dx: optional(m.dx, number),
    dy: optional(m.dy, number),
    fontSize: optional(m.fontSize, number),
  };
}

function readChannel(value: unknown, untyped: boolean): Channel {
  const c = object(value);
  onlyKeys(c, CHANNEL_KEYS);
  const type = optional(c.type, string);
  if (type !== undefined && !FIELD_TYPES.has(type)) throw new Unsupported();
  if (c.field !== undefined && type === undefined && !untyped) throw new Unsupported();
  const channel: Channel = { field: optional(c.field, string), type: type as FieldType | undefined };
  if (c.title !== undefined) channel.title = c.title === null ? null : string(c.title);
  if (c.datum !== undefined) channel.datum = number(c.datum);
  if (c.value !== undefined) channel.value = typeof c.value === 'number' ? c.value : string(c.value);
  if (c.sort !== undefined) channel.sort = c.sort === 'ascending' ? 'ascending' : stringArray(c.sort);
  if (c.scale !== undefined) {
    const s = object(c.scale);
    onlyKeys(s, new Set(['type', 'zero', 'domain', 'range', 'scheme', 'domainMid']));
    if (s.type !== undefined && s.type !== 'utc') throw new Unsupported();
    if (s.scheme !== undefined && s.scheme !== 'redyellowgreen') throw new Unsupported();
    if ((s.scheme !== undefined || s.domainMid !== undefined) && type !== 'quantitative') throw new Unsupported();
    channel.scale = {
      utc: s.type === 'utc',
      zero: optional(s.zero, boolean),
      domain: s.domain === undefined ? undefined : array(s.domain),
      range: s.range === undefined ? undefined : array(s.range),
      scheme: s.scheme as 'redyellowgreen' | undefined,
      domainMid: optional(s.domainMid, number),
    };
    if (type === 'quantitative' && (channel.scale.domain !== undefined || channel.scale.range !== undefined)) throw new Unsupported();
  }
  if (c.axis !== undefined) {
    if (c.axis === null) channel.axis = null;
    else {
      const a = object(c.axis);
      onlyKeys(a, new Set(['format', 'labelAngle', 'labelOverlap', 'labelLimit', 'labelFontSize']));
      // Time axes always drop overlapping labels here (ticks are chosen so labels fit).
      channel.axis = { format: optional(a.format, string), labelAngle: optional(a.labelAngle, number), labelLimit: optional(a.labelLimit, number), labelFontSize: optional(a.labelFontSize, number) };
      if (channel.axis.format !== undefined && channel.axis.format !== '%' && !(type === 'temporal' && channel.axis.format === '%Y-%m-%d %H:%M')) throw new Unsupported();
    }
  }
  if (c.legend !== undefined) {
    if (c.legend === null) channel.legend = null;
    else {
      const l = object(c.legend);
      onlyKeys(l, new Set(['symbolLimit', 'labelLimit']));
      channel.legend = { symbolLimit: optional(l.symbolLimit, number), labelLimit: optional(l.labelLimit, number) };
    }
  }
  if (type === 'temporal' && channel.scale?.utc !== true) throw new Unsupported(); // local time would depend on the machine
  if (channel.scale?.range?.some((r) => typeof r !== 'string' && !Array.isArray(r))) throw new Unsupported();
  return channel;
}

function readTooltip(value: unknown): { field: string } {
  const t = object(value);
  onlyKeys(t, new Set(['field', 'type']));
  return { field: string(t.field) };
}

function readTitle(value: unknown): Title | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { text: value };
  const t = object(value);
  onlyKeys(t, new Set(['text', 'subtitle']));
  return { text: string(t.text), subtitle: optional(t.subtitle, string) };
}

function readResolve(value: unknown, facet: boolean): Set<string> {
  // Layers: only colour may be independent (each layer's colour field is its own legend anyway).
  // Facets: x and y may be independent (each panel on its own scales).
  const scale = object(object(value).scale);
  onlyKeys(object(value), new Set(['scale']));
  for (const [channel, how] of Object.entries(scale)) {
    if (how !== 'independent' || (facet ? channel !== 'y' && channel !== 'x' : channel !== 'color')) throw new Unsupported();
  }
  return new Set(Object.keys(scale));
}

function isCategory(channel: Channel | undefined): boolean {
  return channel?.field !== undefined && (channel.type === 'ordinal' || channel.type === 'nominal');
}

function readData(value: unknown): Row[] {
  const d = object(value);
  onlyKeys(d, new Set(['values']));
  return array(d.values).map((r) => object(r));
}

function onlyKeys(o: Json, allowed: Set<string>): void {
  for (const key of Object.keys(o)) if (!allowed.has(key)) throw new Unsupported();
}

function object(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Unsupported();
  return value as Json;
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Unsupported();
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw new Unsupported();
  return value;
}

function number(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Unsupported();
  return value;
}

function boolean(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Unsupported();
  return value;
}

function positiveInteger(value: unknown): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 1) throw new Unsupported();
  return n;
}

function stringArray(value: unknown): string[] {
  return array(value).map(string);
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

