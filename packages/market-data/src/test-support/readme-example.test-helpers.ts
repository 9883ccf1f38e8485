import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs the first ```js block after `heading` in the package README as written, with `require` and a
 * console that collects what it prints. Returns the code and the printed lines.
 */
export async function runReadmeExample(heading: string, requireFn: (id: string) => unknown = require): Promise<{ code: string; printed: string[] }> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const printed: string[] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
  const run = new Function('require', 'console', code.replace(/^\(async \(\) => \{/m, 'return (async () => {')) as (r: (id: string) => unknown, c: typeof fakeConsole) => Promise<void>;
  await run(requireFn, fakeConsole);
  return { code, printed };
}
