import type { AxisTicks } from './view-scales';
import { escapeXml, px, textWidth, truncateText } from './svg-text';

/**
 * The x axis (below the plot) and y axis (left of it): domain line, ticks, labels, title, and the
 * grid of a continuous scale, with the sizes the layout needs to place them.
 */
export interface AxisSpec {
  ticks: AxisTicks;
  title?: string;
  labelAngle: number;
  labelLimit: number;
  labelFontSize: number;
}

const TICK = 5;
const LABEL_GAP = 2;
const TITLE_FONT = 11;
const TITLE_GAP = 6;
const AXIS_COLOR = '#888888';
const GRID_COLOR = '#dddddd';

function labelsOf(axis: AxisSpec): string[] {
  return axis.ticks.labels.map((l) => truncateText(l, axis.labelFontSize, axis.labelLimit));
}

/** Height the x axis takes below the plot. */
export function xAxisHeight(axis: AxisSpec): number {
  const labels = labelsOf(axis);
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, axis.labelFontSize)));
  const angle = (Math.abs(axis.labelAngle) * Math.PI) / 180;
  const labelHeight = labels.length === 0 ? 0 : widest * Math.sin(angle) + axis.labelFontSize * Math.cos(angle) + 2;
  return TICK + LABEL_GAP + labelHeight + (axis.title ? TITLE_GAP + TITLE_FONT : 0) + 2;
}

/** Width the y axis takes left of the plot. */
export function yAxisWidth(axis: AxisSpec): number {
  const widest = Math.max(0, ...labelsOf(axis).map((l) => textWidth(l, axis.labelFontSize)));
  return TICK + LABEL_GAP + widest + (axis.title ? TITLE_GAP + TITLE_FONT + 2 : 0) + 2;
}

export function drawGrid(x: AxisTicks | undefined, y: AxisTicks | undefined, width: number, height: number): string {
  const lines: string[] = [];
  if (x?.grid) for (const p of x.positions) lines.push(`M${px(p)},0V${px(height)}`);
  if (y?.grid) for (const p of y.positions) lines.push(`M0,${px(p)}H${px(width)}`);
  return lines.length > 0 ? `<path class="grid" d="${lines.join('')}" stroke="${GRID_COLOR}" stroke-width="1" fill="none"/>` : '';
}

export function drawXAxis(axis: AxisSpec, width: number, height: number): string {
  const labels = labelsOf(axis);
  const ticks = axis.ticks.positions.map((p) => `M${px(p)},${px(height)}v${TICK}`).join('');
  const y = height + TICK + LABEL_GAP;
  const text = labels
    .map((label, i) => {
      const x = axis.ticks.positions[i];
      if (axis.labelAngle === 0) {
        // Flush with the plot's ends (Vega's labelFlush): a label by an edge is shifted inside, not cut off.
        const half = textWidth(label, axis.labelFontSize) / 2;
        const centre = Math.min(Math.max(x, half), Math.max(half, width - half));
        return `<text x="${px(centre)}" y="${px(y + axis.labelFontSize)}" text-anchor="middle">${escapeXml(label)}</text>`;
      }
      return `<text transform="translate(${px(x)},${px(y + 3)}) rotate(${px(axis.labelAngle)})" dy="0.35em" text-anchor="${axis.labelAngle < 0 ? 'end' : 'start'}">${escapeXml(label)}</text>`;
    })
    .join('');
  const title = axis.title ? `<text class="axis-title" x="${px(width / 2)}" y="${px(height + xAxisHeight(axis) - 3)}" text-anchor="middle" font-size="${TITLE_FONT}" font-weight="bold">${escapeXml(axis.title)}</text>` : '';
  return (
    `<g class="axis axis-x" role="graphics-symbol" aria-label="${escapeXml(`X-axis${axis.title ? ` titled '${axis.title}'` : ''}`)}">` +
    `<path d="M0,${px(height)}H${px(width)}${ticks}" stroke="${AXIS_COLOR}" fill="none"/>` +
    `<g font-size="${px(axis.labelFontSize)}" fill="#000000">${text}</g>${title}</g>`
  );
}

export function drawYAxis(axis: AxisSpec, height: number): string {
  const ticks = axis.ticks.positions.map((p) => `M0,${px(p)}h-${TICK}`).join('');
  const [top, bottom] = [0, height];
  const text = labelsOf(axis)
    .map((label, i) => `<text x="${-(TICK + LABEL_GAP)}" y="${px(axis.ticks.positions[i])}" dy="0.35em" text-anchor="end">${escapeXml(label)}</text>`)
    .join('');
  const titleX = -(yAxisWidth(axis) - TITLE_FONT + 2);
  const title = axis.title ? `<text class="axis-title" transform="translate(${px(titleX)},${px((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="${TITLE_FONT}" font-weight="bold">${escapeXml(axis.title)}</text>` : '';
  return (
    `<g class="axis axis-y" role="graphics-symbol" aria-label="${escapeXml(`Y-axis${axis.title ? ` titled '${axis.title}'` : ''}`)}">` +
    `<path d="M0,${px(top)}V${px(bottom)}${ticks}" stroke="${AXIS_COLOR}" fill="none"/>` +
    `<g font-size="${px(axis.labelFontSize)}" fill="#000000">${text}</g>${title}</g>`
  );
}
