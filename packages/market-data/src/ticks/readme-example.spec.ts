import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The tick-data example of the package README, run as written (its printed values are pinned).
describe('README tick-data example', () => {
  it('prints what the README says', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Tick data:'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(code).toContain('readBinanceCapture');
    const printed: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
    const run = new Function('require', 'console', code.replace(/^\(async \(\) => \{/m, 'return (async () => {')) as (r: NodeRequire, c: typeof fakeConsole) => Promise<void>;
    await run(require, fakeConsole);
    const expected = [...code.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1]).filter((c) => /^[\w.]+( [\w./]+)+$/.test(c));
    expect(printed).toEqual(expected);
  });
});
