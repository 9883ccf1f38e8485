/**
 * JSON with object keys sorted, so equal values always print to equal bytes (checksums, config
 * echoes, byte-identical artifacts). Non-finite numbers are refused rather than printed as null.
 */
export function stableStringify(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value, '$'), null, indent);
}

function sortKeys(value: unknown, path: string): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`non-finite number ${value} at ${path}`);
  }
  if (Array.isArray(value)) return value.map((item, i) => sortKeys(item, `${path}[${i}]`));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const source = value as Record<string, unknown>;
    const jsonable = typeof (source as { toJSON?: unknown }).toJSON === 'function' ? (source as { toJSON(): unknown }).toJSON() : source;
    if (jsonable !== source) return sortKeys(jsonable, path);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      if (source[key] !== undefined) out[key] = sortKeys(source[key], `${path}.${key}`);
    }
    return out;
  }
  return value;
}
