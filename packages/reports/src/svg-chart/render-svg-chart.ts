import { drawGrid, drawXAxis, drawYAxis, xAxisHeight, yAxisWidth, type AxisSpec } from './axes';
import { readChartModel, type Channel, type ChartModel, type Layer, type Row, type View } from './chart-model';
import { buildLegends, drawLegends } from './legends';
import { drawLayer, type MarkScales } from './marks';
import { escapeXml, px, truncateText } from './svg-text';
import { colorScale, dashScale, gradientScale, shapeScale, xScale, yScale, type XScale, type YScale } from './view-scales';

/**
 * Static SVG of a Vega-Lite spec in the report subset (see chart-model.ts), drawn directly: no
 * compile, no dataflow, no scenegraph, so a chart costs about a millisecond instead of Vega's
 * ~50 ms of fixed cost. Returns undefined for a spec outside the subset (the caller draws it with
 * Vega). The output is a pure function of the spec: same spec, same bytes.
 *
 * Drawn: title and subtitle, the marks of every layer, x and y axes with ticks, labels, titles
 * and grid, one legend per categorical field, panel headers of a facet, and tooltips as SVG
 * <title> (shown on hover by browsers). The root has role="img" and the chart title as its
 * accessible name; `data-chart` carries the spec's description.
 */
export function renderSvgChart(spec: unknown): string | undefined {
  const model = readChartModel(spec);
  return model === undefined ? undefined : drawChart(model);
}

const PAD = 5;
const TITLE_FONT = 13;
const SUBTITLE_FONT = 11;
const LEGEND_GAP = 20;
const AXIS_LABEL_FONT = 10;
const FACET_GAP_X = 16;
const FACET_GAP_Y = 12;

function drawChart(model: ChartModel): string {
  const title = model.title;
  const titleHeight = title ? TITLE_FONT + 4 + (title.subtitle ? SUBTITLE_FONT + 4 : 0) + 8 : 0;
  const body = model.facet ? drawFacet(model) : drawSingle(model.view);
  const width = Math.ceil(PAD + body.width + PAD);
  const height = Math.ceil(PAD + titleHeight + body.height + PAD);
  const titleSvg = title
    ? `<g class="title" text-anchor="middle" transform="translate(${px(PAD + body.titleCentre)},${PAD})">` +
      `<text y="${TITLE_FONT}" font-size="${TITLE_FONT}" font-weight="bold">${escapeXml(title.text)}</text>` +
      (title.subtitle ? `<text y="${TITLE_FONT + 4 + SUBTITLE_FONT}" font-size="${SUBTITLE_FONT}" fill="#555555">${escapeXml(title.subtitle)}</text>` : '') +
      '</g>'
    : '';
  const name = title ? title.text + (title.subtitle ? ` (${title.subtitle})` : '') : (model.description ?? 'chart');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="marks mml-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(name)}"` +
    `${model.description ? ` data-chart="${escapeXml(model.description)}"` : ''} font-family="sans-serif">` +
    `<title>${escapeXml(name)}</title>` +
    `<rect width="${width}" height="${height}" fill="${escapeXml(model.background ?? 'white')}"/>` +
    titleSvg +
    `<g transform="translate(${PAD},${px(PAD + titleHeight)})">${body.svg}</g></svg>`
  );
}

interface Body {
  svg: string;
  width: number;
  height: number;
  /** x of the title's centre (the plot's centre). */
  titleCentre: number;
}

/** The axis title: the explicit title of the first layer that gives one, else the distinct field names. */
function axisTitle(layers: readonly Layer[], name: 'x' | 'y'): string | undefined {
  const channels = layers.map((l) => l.encoding[name]).filter((c): c is Channel => c !== undefined && c.field !== undefined);
  const explicit = channels.find((c) => c.title !== undefined);
  if (explicit) return explicit.title ?? undefined;
  const fields = [...new Set(channels.map((c) => c.field as string))];
  return fields.length > 0 ? fields.join(', ') : undefined;
}

function axisOptions(layers: readonly Layer[], name: 'x' | 'y'): { hidden: boolean; labelAngle: number; labelLimit: number; labelFontSize: number } {
  const channels = layers.map((l) => l.encoding[name]).filter((c): c is Channel => c?.field !== undefined);
  const axis = channels.find((c) => c.axis)?.axis;
  return {
    hidden: channels.length > 0 && channels.every((c) => c.axis === null),
    labelAngle: axis?.labelAngle ?? 0,
    labelLimit: axis?.labelLimit ?? 180,
    labelFontSize: axis?.labelFontSize ?? AXIS_LABEL_FONT,
  };
}

function axisSpecs(layers: readonly Layer[], x: XScale, y: YScale): { xAxis?: AxisSpec; yAxis?: AxisSpec } {
  const xo = axisOptions(layers, 'x');
  const yo = axisOptions(layers, 'y');
  const hasX = layers.some((l) => l.encoding.x?.field !== undefined);
  return {
    xAxis: hasX && !xo.hidden ? { ticks: x.ticks, title: axisTitle(layers, 'x'), ...xo } : undefined,
    yAxis: yo.hidden ? undefined : { ticks: y.ticks, title: axisTitle(layers, 'y'), ...yo },
  };
}

function plot(view: View, rows: (layer: Layer) => readonly Row[], s: MarkScales, xAxis: AxisSpec | undefined, yAxis: AxisSpec | undefined): string {
  return (
    drawGrid(xAxis?.ticks, yAxis?.ticks, view.width, view.height) +
    (yAxis ? drawYAxis(yAxis, view.height) : '') +
    (xAxis ? drawXAxis(xAxis, view.width, view.height) : '') +
    view.layers.map((layer) => drawLayer(layer, rows(layer), s)).join('')
  );
}

function drawSingle(view: View): Body {
  const x = xScale(view.layers, view.width);
  const y = yScale(view.layers, view.height);
  const s: MarkScales = { x, y, color: colorScale(view.layers), gradient: gradientScale(view.layers), shape: shapeScale(view.layers), dash: dashScale(view.layers), width: view.width };
  const { xAxis, yAxis } = axisSpecs(view.layers, x, y);
  const left = yAxis ? yAxisWidth(yAxis) : 0;
  const below = xAxis ? xAxisHeight(xAxis) : 0;
  const legends = drawLegends(buildLegends(view.layers, s), left + view.width + LEGEND_GAP, 0);
  const svg = `<g class="view" transform="translate(${px(left)},0)">${plot(view, (l) => l.rows, s, xAxis, yAxis)}</g>${legends.svg}`;
  return {
    svg,
    width: left + view.width + (legends.width > 0 ? LEGEND_GAP + legends.width : 0),
    height: Math.max(view.height + below, legends.height),
    titleCentre: left + view.width / 2,
  };
}

/** Small multiples: one panel per value of the facet field, `columns` per row, y scale per panel. */
function drawFacet(model: ChartModel): Body {
  const facet = model.facet as NonNullable<ChartModel['facet']>;
  const view = model.view;
  const cell = (value: string) => (layer: Layer) => layer.rows.filter((r) => String(r[facet.field]) === value);
  const sharedX = xScale(view.layers, view.width);
  const sharedY = yScale(view.layers, view.height);
  // Colour, shape and dash are shared by the panels (one legend); x and y as the spec resolves them.
  const s0 = { color: colorScale(view.layers), gradient: gradientScale(view.layers), shape: shapeScale(view.layers), dash: dashScale(view.layers), width: view.width };
  const panels = facet.order.map((value) => {
    const rows = cell(value);
    const x = facet.independent.x ? xScale(view.layers, view.width, rows) : sharedX;
    const y = facet.independent.y ? yScale(view.layers, view.height, rows) : sharedY;
    return { value, rows, x, y, ...axisSpecs(view.layers, x, y) };
  });
  const left = Math.max(0, ...panels.map((p) => (p.yAxis ? yAxisWidth(p.yAxis) : 0)));
  const below = Math.max(0, ...panels.map((p) => (p.xAxis ? xAxisHeight(p.xAxis) : 0)));
  const header = facet.labelFontSize + 6;
  const pitchX = left + view.width + FACET_GAP_X;
  const pitchY = header + view.height + below + FACET_GAP_Y;
  const columns = Math.min(facet.columns, Math.max(1, panels.length));
  const rowsOfPanels = Math.ceil(panels.length / columns);
  const parts = panels.map((p, i) => {
    const ox = (i % columns) * pitchX + left;
    const oy = Math.floor(i / columns) * pitchY + header;
    const s: MarkScales = { ...s0, x: p.x, y: p.y };
    const label = `<text class="facet-header" x="${px(view.width / 2)}" y="-6" text-anchor="middle" font-size="${px(facet.labelFontSize)}">${escapeXml(truncateText(p.value, facet.labelFontSize, facet.labelLimit))}</text>`;
    return `<g class="view facet-cell" data-facet="${escapeXml(p.value)}" transform="translate(${px(ox)},${px(oy)})">${label}${plot(view, p.rows, s, p.xAxis, p.yAxis)}</g>`;
  });
  const gridWidth = columns * pitchX - FACET_GAP_X;
  const legends = buildLegends(view.layers, { ...s0, x: sharedX, y: sharedY });
  const drawn = drawLegends(legends, gridWidth + LEGEND_GAP, 0);
  return {
    svg: parts.join('') + drawn.svg,
    width: gridWidth + (drawn.width > 0 ? LEGEND_GAP + drawn.width : 0),
    height: Math.max(rowsOfPanels * pitchY - FACET_GAP_Y, drawn.height),
    titleCentre: gridWidth / 2,
  };
}
