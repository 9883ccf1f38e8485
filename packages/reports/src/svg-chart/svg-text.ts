/**
 * Text and number primitives of the static SVG charts: XML escaping, coordinates written with a
 * fixed precision (so the same chart always gives the same bytes), and a text width estimate for
 * layout (there is no font engine at render time; the browser draws the glyphs).
 */

/** Escapes text for SVG element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A coordinate in user units, rounded to 1/100 px (far below what a screen shows) without trailing zeros. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

// Average advance widths of sans-serif glyphs as a fraction of the font size, by class.
const NARROW = /[ijlI.,:;'!|()[\]{}`\s]/;
const WIDE = /[MWmw@%]/;
const UPPER_OR_DIGIT = /[A-Z0-9#&+=<>?$_~^*/\\-]/;

/** Estimated width in px of `text` at `fontSize` in a sans-serif font (layout only: margins, label truncation). */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.test(ch)) em += 0.3;
    else if (WIDE.test(ch)) em += 0.85;
    else if (UPPER_OR_DIGIT.test(ch)) em += 0.62;
    else em += 0.52;
  }
  return em * fontSize;
}

/** `text` cut with an ellipsis so that it fits `limit` px (Vega's labelLimit); unchanged when it fits. */
export function truncateText(text: string, fontSize: number, limit: number): string {
  if (textWidth(text, fontSize) <= limit) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(chars.join('') + '…', fontSize) > limit) chars.pop();
  return chars.join('') + '…';
}
