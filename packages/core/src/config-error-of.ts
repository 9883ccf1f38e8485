import type { z } from 'zod';
import { ConfigError } from './errors';

/**
 * The ConfigError for the first problem zod found while parsing against `root`: unknown keys first
 * (a typo explains whatever else failed), then the first bad value, named by its dotted key path
 * under `path` (a file name or "config"), with zod's message (the bound and unit for numbers).
 */
export function configErrorOf(error: z.ZodError, path: string, root: z.ZodType): ConfigError {
  const issue = deepest(error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]);
  const at = [path, ...issue.path.map(String)].filter((part) => part !== '').join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = objectKeysAt(root, issue.path);
    return new ConfigError(at === '' ? String(issue.keys[0]) : `${at}.${issue.keys[0]}`, `unknown key${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
  }
  return new ConfigError(at, issue.message);
}

/**
 * A value matching none of a union's alternatives: the problem of the alternative that got
 * furthest (a nested key path beats a type mismatch at the value itself); when every alternative
 * failed on the value's type, one message listing the accepted types.
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const firsts = issue.errors.map((branch) => branch[0]).filter((i): i is z.core.$ZodIssue => i !== undefined);
  let best = firsts[0];
  for (const candidate of firsts) if (candidate.path.length > best.path.length || (best.code === 'invalid_type' && candidate.code !== 'invalid_type' && candidate.path.length === best.path.length)) best = candidate;
  if (best === undefined || (best.code === 'invalid_type' && best.path.length === 0)) {
    const expected = [...new Set(firsts.map((i) => (i.code === 'invalid_type' ? i.expected : undefined)).filter(Boolean))];
    return { ...issue, message: `must be ${expected.length > 0 ? `one of: ${expected.join(', ')}` : 'of another type'}` } as z.core.$ZodIssue;
  }
  return deepest({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue);
}

/** The keys the object schema at `path` under `root` accepts (empty when the path leads elsewhere). */
function objectKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = root;
  for (const segment of [...path, undefined]) {
    node = unwrap(node);
    const def = (node as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (def === undefined) return [];
    if (segment === undefined) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    if (def.type === 'object' && def.shape) node = def.shape[String(segment)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
  }
  return [];
}

/** Through default / prefault / optional / nullable wrappers to the schema they wrap. */
function unwrap(node: unknown): unknown {
  let current = node as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def?.innerType !== undefined && ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(current.def.type ?? '')) {
    current = current.def.innerType as typeof current;
  }
  return current;
}
