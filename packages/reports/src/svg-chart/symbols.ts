import { px } from './svg-text';

/**
 * Point symbols as SVG path data, with Vega's shape names and its meaning of `size`: the symbol's
 * area in px². A symbol is a move to its centre plus a relative outline computed once per shape
 * and size, so the many points of one colour and shape are one cheap path.
 */
export const SYMBOL_SHAPES = ['circle', 'square', 'cross', 'diamond', 'triangle-up', 'triangle-down', 'triangle-right', 'triangle-left'] as const;
export type SymbolShape = (typeof SYMBOL_SHAPES)[number];

export function isSymbolShape(name: unknown): name is SymbolShape {
  return typeof name === 'string' && (SYMBOL_SHAPES as readonly string[]).includes(name);
}

/** Path data of one symbol of area `size` centred on (cx, cy). */
export function symbolPath(shape: SymbolShape, size: number, cx: number, cy: number): string {
  return `M${px(cx)},${px(cy)}${symbolOutline(shape, size)}`;
}

const outlines = new Map<string, string>();

/** The outline relative to the symbol's centre (starting there), e.g. `m0,-4l3.5,6l-7,0z`. */
export function symbolOutline(shape: SymbolShape, size: number): string {
  const key = `${shape}|${size}`;
  let outline = outlines.get(key);
  if (outline === undefined) outlines.set(key, (outline = computeOutline(shape, size)));
  return outline;
}

function computeOutline(shape: SymbolShape, size: number): string {
  const r = Math.sqrt(size) / 2; // half the side of a square of that area
  switch (shape) {
    case 'circle': {
      const c = Math.sqrt(size / Math.PI);
      return `m${px(-c)},0a${px(c)},${px(c)},0,1,0,${px(2 * c)},0a${px(c)},${px(c)},0,1,0,${px(-2 * c)},0z`;
    }
    case 'square':
      return relativePolygon([[-r, -r], [r, -r], [r, r], [-r, r]]);
    case 'cross': {
      const a = r / 2.5;
      return relativePolygon([[-r, -a], [-a, -a], [-a, -r], [a, -r], [a, -a], [r, -a], [r, a], [a, a], [a, r], [-a, r], [-a, a], [-r, a]]);
    }
    case 'diamond':
      return relativePolygon([[0, -r * 1.2], [r * 0.8, 0], [0, r * 1.2], [-r * 0.8, 0]]);
    default: {
      // An equilateral triangle of area `size` around its centroid, pointing up, then turned.
      const side = Math.sqrt((4 * size) / Math.sqrt(3));
      const h = (side * Math.sqrt(3)) / 2;
      const up: Array<[number, number]> = [[0, (-2 * h) / 3], [side / 2, h / 3], [-side / 2, h / 3]];
      return relativePolygon(up.map(([x, y]) => turn(shape, x, y)));
    }
  }
}

/** Vertices relative to the centre as a relative path: a move to the first, lines to the others, close. */
function relativePolygon(points: ReadonlyArray<readonly [number, number]>): string {
  // Rounded absolute offsets first, then differences of the rounded values: the outline closes exactly.
  const rounded = points.map(([x, y]) => [Number(px(x)), Number(px(y))] as const);
  let d = `m${px(rounded[0][0])},${px(rounded[0][1])}`;
  for (let i = 1; i < rounded.length; i++) d += `l${px(rounded[i][0] - rounded[i - 1][0])},${px(rounded[i][1] - rounded[i - 1][1])}`;
  return d + 'z';
}

function turn(shape: SymbolShape, x: number, y: number): [number, number] {
  if (shape === 'triangle-down') return [x, -y];
  if (shape === 'triangle-right') return [-y, x];
  if (shape === 'triangle-left') return [y, -x];
  return [x, y];
}
