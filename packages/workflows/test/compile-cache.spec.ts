import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CompileCache, codeCacheFile, parseCacheFile } from '../src/compile-cache';

type CommonJsModule = Parameters<CompileCache['compile']>[0];

/** A fresh CommonJS module object for `filename`, as Node's loader makes one before compiling it. */
function moduleFor(filename: string): CommonJsModule {
  const ModuleClass = Module as unknown as { new (id: string, parent: null): { filename: string; paths: string[] }; _nodeModulePaths(dir: string): string[] };
  const m = new ModuleClass(filename, null);
  m.filename = filename;
  m.paths = ModuleClass._nodeModulePaths(dirname(filename));
  return m as unknown as CommonJsModule;
}

const SOURCE = "const { basename } = require('node:path');\nmodule.exports = { answer: 41 + 1, file: basename(__filename), dir: __dirname, self: module.exports === exports };\n";

describe('CompileCache (V8 code cache keyed by the exact source)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compile-cache-'));
  const file = join(dir, 'answer.js');
  writeFileSync(file, SOURCE);

  it('runs a module as Node would (require, module, exports, __filename, __dirname), then from the cache with the same exports', () => {
    const first = new CompileCache();
    const a = moduleFor(file);
    first.compile(a, SOURCE, file);
    expect(a.exports).toEqual({ answer: 42, file: 'answer.js', dir, self: true });
    expect([first.hits, first.misses, first.stale]).toEqual([0, 1, true]);

    const second = new CompileCache(first.serialize());
    const b = moduleFor(file);
    second.compile(b, SOURCE, file);
    expect(b.exports).toEqual(a.exports);
    expect([second.hits, second.misses, second.stale]).toEqual([1, 0, false]);
  });

  it('never runs the bytecode of another source, even one of the same length (V8 itself compares only lengths)', () => {
    const first = new CompileCache();
    first.compile(moduleFor(file), SOURCE, file);
    const edited = SOURCE.replace('41 + 1', '51 + 1');
    expect(edited.length).toBe(SOURCE.length);
    const second = new CompileCache(first.serialize());
    const m = moduleFor(file);
    second.compile(m, edited, file);
    expect((m.exports as { answer: number }).answer).toBe(52);
    expect([second.hits, second.misses]).toEqual([0, 1]);
  });

  it('keeps the entries of modules a run did not load while their file exists (another kind of run loads other modules)', () => {
    const other = join(dir, 'other.js');
    const gone = join(dir, 'gone.js');
    writeFileSync(other, 'module.exports = 7;\n');
    const first = new CompileCache();
    first.compile(moduleFor(other), 'module.exports = 7;\n', other);
    first.compile(moduleFor(gone), 'module.exports = 8;\n', gone);
    const second = new CompileCache(first.serialize());
    second.compile(moduleFor(file), SOURCE, file);
    expect([...parseCacheFile(second.serialize()).keys()].sort()).toEqual([file, other].sort());
  });

  it('ignores a file that is not one whole cache file (truncated, another layout, garbage): modules compile afresh', () => {
    const first = new CompileCache();
    first.compile(moduleFor(file), SOURCE, file);
    const bytes = first.serialize();
    expect(parseCacheFile(bytes).size).toBe(1);
    for (const bad of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from([0])]), Buffer.from('mml-code-cache-0\n\0\0\0\0'), Buffer.alloc(0), Buffer.from('garbage')]) {
      expect(parseCacheFile(bad).size).toBe(0);
      const cache = new CompileCache(bad);
      const m = moduleFor(file);
      cache.compile(m, SOURCE, file);
      expect((m.exports as { answer: number }).answer).toBe(42);
      expect(cache.misses).toBe(1);
    }
  });

  it('lives in data/cache/code of the repository (per app and Node version), and nowhere outside a checkout', () => {
    const repo = resolve(__dirname, '..', '..', '..');
    expect(codeCacheFile('research', __dirname)).toBe(join(repo, 'data', 'cache', 'code', `research-${process.version}.bin`));
    expect(codeCacheFile('research', tmpdir())).toBeUndefined();
  });
});

describe('installCompileCache (the built module, in a child process)', () => {
  const built = resolve(__dirname, '..', 'dist', 'compile-cache.js');
  const dir = mkdtempSync(join(tmpdir(), 'compile-cache-install-'));
  const cacheFile = join(dir, 'cache', 'app.bin');
  const moduleFile = join(dir, 'answer.js');
  const script = `const c = require(${JSON.stringify(built)}).installCompileCache('app', ${JSON.stringify(cacheFile)});
const answer = require(${JSON.stringify(moduleFile)}).answer;
process.on('exit', () => console.log(JSON.stringify(c === undefined ? { off: true, answer } : { hits: c.hits, misses: c.misses, answer })));`;
  const run = (env: Record<string, string> = {}) => JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' }));

  it('writes the file after a run that compiled afresh, uses it on the next, and follows an edited module', () => {
    expect(existsSync(built)).toBe(true);
    writeFileSync(moduleFile, SOURCE);
    expect(run()).toEqual({ hits: 0, misses: 1, answer: 42 });
    const written = readFileSync(cacheFile);
    expect(run()).toEqual({ hits: 1, misses: 0, answer: 42 });
    // Nothing compiled afresh: the file is left as it was.
    expect(readFileSync(cacheFile).equals(written)).toBe(true);
    writeFileSync(moduleFile, SOURCE.replace('41 + 1', '51 + 1'));
    expect(run()).toEqual({ hits: 0, misses: 1, answer: 52 });
    expect(run()).toEqual({ hits: 1, misses: 0, answer: 52 });
  });

  it('leaves ES modules and sources that do not compile to Node\'s loader: same exports, same errors as without the cache', () => {
    const esmDir = join(dir, 'esm');
    mkdirSync(esmDir, { recursive: true });
    writeFileSync(join(esmDir, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(esmDir, 'answer.js'), 'export const answer = 6 * 7;\n');
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, 'module.exports = {;\n');
    const probe = `let c; try { c = require(${JSON.stringify(built)}).installCompileCache('app', ${JSON.stringify(cacheFile)}); } catch {}
const esm = require(${JSON.stringify(join(esmDir, 'answer.js'))}).answer;
let error; try { require(${JSON.stringify(broken)}); } catch (e) { error = e.constructor.name + ': ' + e.message; }
console.log(JSON.stringify({ esm, error }));`;
    const outcome = (env: Record<string, string>) => JSON.parse(execFileSync(process.execPath, ['-e', probe], { env: { ...process.env, ...env }, encoding: 'utf8' }));
    const without = outcome({ MML_CODE_CACHE: '0' });
    expect(without).toEqual({ esm: 42, error: expect.stringMatching(/^SyntaxError: /) });
    expect(outcome({})).toEqual(without);
  });

  it('is off with MML_CODE_CACHE=0 and with --enable-source-maps', () => {
    writeFileSync(moduleFile, SOURCE);
    expect(run({ MML_CODE_CACHE: '0' })).toEqual({ off: true, answer: 42 });
    expect(run({ NODE_OPTIONS: '--enable-source-maps' })).toEqual({ off: true, answer: 42 });
  });
});
