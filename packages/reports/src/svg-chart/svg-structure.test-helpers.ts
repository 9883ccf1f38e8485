/**
 * Reads what a chart SVG shows, from its markup, and what its Vega-Lite spec says it must show,
 * independently of the renderer's code: the series (category values of colour/shape/dash per
 * mark), the data points drawn, legend entries and titles. Golden-free: a test compares the two.
 */
type Json = Record<string, unknown>;

export interface Shown {
  /** data-series of every drawn series/bar, unescaped. */
  series: Set<string>;
  /** Sum of data-points over lines, symbols, bars and error bars. */
  points: number;
  legendLabels: Set<string>;
  texts: string[];
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export function shownInSvg(svg: string): Shown {
  const series = new Set<string>();
  let points = 0;
  for (const group of svg.matchAll(/<g class="mark-(line|symbol|rect|errorbar)">([\s\S]*?)<\/g>/g)) {
    for (const path of group[2].matchAll(/<path( data-series="([^"]*)")? data-points="(\d+)"/g)) {
      if (path[2] !== undefined) series.add(unescape(path[2]));
      points += Number(path[3]);
    }
  }
  const legendLabels = new Set([...svg.matchAll(/<g class="legend-entry" data-label="([^"]*)"/g)].map((m) => unescape(m[1])));
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]));
  return { series, points, legendLabels, texts };
}

export interface Expected {
  series: Set<string>;
  points: number;
  /** Per legend: its title (if any) and its entries. */
  legends: Array<{ title?: string; entries: Set<string> }>;
  axisTitles: string[];
  title: string;
}

/** What a report chart's spec asks for (the report's own specs: single view, layers, or facet). */
export function expectedFromSpec(spec: Json): Expected {
  const top = spec.facet ? (spec.spec as Json) : spec;
  const topRows = ((spec.data as Json | undefined)?.values as Json[] | undefined) ?? [];
  const layers = (top.layer as Json[] | undefined) ?? [top];
  const series = new Set<string>();
  let points = 0;
  const legends = new Map<string, { title?: string; entries: Set<string>; shown: boolean }>();
  const axisTitles: string[] = [];
  for (const layer of layers) {
    const mark = typeof layer.mark === 'string' ? layer.mark : ((layer.mark as Json).type as string);
    const markPoint = typeof layer.mark === 'object' && (layer.mark as Json).point === true;
    const enc = (layer.encoding ?? {}) as Record<string, Json>;
    const rows = ((layer.data as Json | undefined)?.values as Json[] | undefined) ?? topRows;
    for (const axis of ['x', 'y'] as const) if (typeof enc[axis]?.title === 'string') axisTitles.push(enc[axis].title as string);
    if (!['line', 'point', 'bar', 'errorbar', 'rect'].includes(mark)) continue;
    const keyFields = (mark === 'rect' ? [enc.x, enc.y] : mark === 'bar' ? [enc.x, enc.color, enc.xOffset] : [enc.color, mark === 'point' ? enc.shape : enc.strokeDash]).map((c) => c?.field as string | undefined).filter((f): f is string => f !== undefined);
    const fields = [...new Set(keyFields)];
    for (const row of rows) {
      if (fields.length > 0) series.add(fields.map((f) => String(row[f])).join(' · '));
      points += markPoint ? 2 : 1;
    }
    for (const name of ['color', 'shape', 'strokeDash']) {
      const c = enc[name];
      if (!c?.field) continue;
      const field = c.field as string;
      const legend = legends.get(field) ?? { entries: new Set<string>(), shown: false };
      if (c.title !== undefined && legend.title === undefined) legend.title = c.title === null ? undefined : (c.title as string);
      if (c.legend !== null) legend.shown = true;
      // A quantitative colour's legend shows round values, not every datum: only its title is checked.
      if (c.type !== 'quantitative') for (const row of rows) legend.entries.add(String(row[field]));
      legends.set(field, legend);
    }
  }
  const title = typeof spec.title === 'string' ? spec.title : ((spec.title as Json).text as string);
  return { series, points, legends: [...legends.values()].filter((l) => l.shown).map(({ title: t, entries }) => ({ title: t, entries })), axisTitles, title };
}
