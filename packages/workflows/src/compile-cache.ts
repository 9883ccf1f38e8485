import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the CommonJS modules an app loads (`@mml/workflows/compile-cache`, installed
 * by the research app before anything else). Node 20 has no `module.enableCompileCache` (Node 22
 * has), so every start parses and compiles each of research's ~190 modules again, and compiles
 * every function again the first time it runs: on the 30-day research command, the cache saves
 * ~0.15–0.3 s of CPU of ~2.6–3 s. With the cache, a module is compiled from the bytecode V8 serialised at the end of
 * the previous run (`Script.createCachedData` after execution also holds the functions compiled
 * lazily while it ran).
 *
 * What is sure never to change a result:
 *   - an entry is used only for the exact source it was made from: entries are keyed by file name
 *     and the SHA-1 of the module's source (V8's own check compares only the source's length);
 *     V8 still rejects data from another Node version or other V8 flags, and the module then
 *     compiles as it would have without a cache;
 *   - a module with a dynamic `import(`, an ES module (Node 20.19+ requires those too) and a source
 *     that does not compile as a script compile the ordinary way, by Node's own loader (a
 *     vm.Script has no import hook; Node detects ES module syntax and reports syntax errors);
 *   - the file is written whole under a temporary name and renamed (atomic), only when an entry
 *     was missing or rejected; a file that does not parse is ignored (a compile, not an error).
 * The cache lives in the repository's `data/cache/code/` (gitignored; beside the candle cache);
 * outside a repository checkout (no nx.json above), or with MML_CODE_CACHE=0, nothing is cached.
 *
 * Only this module's own Node imports load before it: keep it free of workspace imports.
 */

/** File layout version: a file of another layout is ignored (and rewritten). */
const MAGIC = 'mml-code-cache-1\n';
/** A module whose source may call a dynamic import(): compiled without the cache. */
const DYNAMIC_IMPORT = /\bimport\s*\(/;
/** What CompileCache.compile returns for a source it leaves to Node's loader. */
export const NOT_COMPILED: unique symbol = Symbol('not compiled');

interface Entry {
  sourceHash: Buffer;
  data: Buffer;
}

/** Node's CommonJS module, with the two internals the loader hook uses (stable since Node 12). */
interface CommonJsModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
  _compile(content: string, filename: string, format?: string): unknown;
}
interface ModuleStatics {
  prototype: CommonJsModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CommonJsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CommonJsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

/** The entries of one cache file, and what this process compiled (to write back at exit). */
export class CompileCache {
  private readonly stored: Map<string, Entry>;
  private readonly compiled = new Map<string, { script: Script; sourceHash: Buffer }>();
  /** Modules compiled from the cache / compiled afresh (no entry, another source, or V8 rejected it). */
  hits = 0;
  misses = 0;

  constructor(bytes?: Buffer) {
    this.stored = bytes === undefined ? new Map() : parseCacheFile(bytes);
  }

  /**
   * Compiles `content` (the module source Node's loader read from `filename`) for `module` and runs
   * it, as Module.prototype._compile does: exports, require, module, __filename, __dirname.
   * Returns `NOT_COMPILED` without running anything when the source does not compile as a script
   * (ES module syntax, a syntax error): Node's own loader then takes it, as without a cache.
   */
  compile(module: CommonJsModule, content: string, filename: string): unknown {
    const source = content.startsWith('#!') ? `//${content}` : content;
    const sourceHash = createHash('sha1').update(source).digest();
    const entry = this.stored.get(filename);
    const cachedData = entry !== undefined && entry.sourceHash.equals(sourceHash) ? entry.data : undefined;
    let script: Script;
    try {
      script = new Script((Module as unknown as ModuleStatics).wrap(source), { filename, ...(cachedData !== undefined ? { cachedData } : {}) });
    } catch {
      return NOT_COMPILED;
    }
    if (cachedData !== undefined && !script.cachedDataRejected) this.hits++;
    else this.misses++;
    this.compiled.set(filename, { script, sourceHash });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, requireFor(module), module, filename, dirname(filename));
  }

  /** True when a module was compiled afresh: the file is then worth writing again. */
  get stale(): boolean {
    return this.misses > 0;
  }

  /**
   * The cache file's bytes: every module compiled here (its bytecode as of now, lazily compiled
   * functions included), plus the entries of modules this process did not load (another kind of
   * run's, e.g. research on exchange data loads ccxt) whose file still exists, so the file holds
   * at most one entry per module file there is.
   */
  serialize(): Buffer {
    const entries = new Map([...this.stored].filter(([filename]) => this.compiled.has(filename) || existsSync(filename)));
    for (const [filename, { script, sourceHash }] of this.compiled) entries.set(filename, { sourceHash, data: script.createCachedData() });
    const parts: Buffer[] = [Buffer.from(MAGIC), u32(entries.size)];
    for (const [filename, entry] of entries) {
      const name = Buffer.from(filename);
      parts.push(u32(name.length), name, entry.sourceHash, u32(entry.data.length), entry.data);
    }
    return Buffer.concat(parts);
  }
}

/** The require function Node gives a module (makeRequireFunction's public part). */
function requireFor(module: CommonJsModule): NodeJS.Require {
  const statics = Module as unknown as ModuleStatics;
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolveId = ((request: string, options?: unknown) => statics._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolveId.paths = (request: string) => statics._resolveLookupPaths(request, module);
  require.resolve = resolveId;
  require.main = process.mainModule;
  require.extensions = statics._extensions as NodeJS.Require['extensions'];
  require.cache = statics._cache as NodeJS.Require['cache'];
  return require;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

/** The entries of a cache file; an empty map for anything that is not one whole file of this layout. */
export function parseCacheFile(bytes: Buffer): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const magic = Buffer.from(MAGIC);
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return entries;
  let at = magic.length;
  const take = (n: number): Buffer | undefined => {
    if (at + n > bytes.length) return undefined;
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const count = bytes.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const nameLength = take(4)?.readUInt32LE(0);
    const name = nameLength === undefined ? undefined : take(nameLength);
    const sourceHash = take(20);
    const dataLength = take(4)?.readUInt32LE(0);
    const data = dataLength === undefined ? undefined : take(dataLength);
    if (name === undefined || sourceHash === undefined || data === undefined) return new Map();
    entries.set(name.toString('utf8'), { sourceHash, data });
  }
  return at === bytes.length ? entries : new Map();
}

/** `data/cache/code/<app>-<node version>.bin` of the repository above `from`; undefined outside one. */
export function codeCacheFile(app: string, from: string = __dirname): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return join(dir, 'data', 'cache', 'code', `${app}-${process.version}.bin`);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The cache file this thread's modules compile through (installCompileCache), if any. */
let installedFile: string | undefined;

/** The cache file installed in this thread: a task pool's threads load their modules through it too (read-only). */
export function installedCodeCacheFile(): string | undefined {
  return installedFile;
}

/**
 * Compiles every CommonJS module loaded from now on through the cache file of `app`, and writes
 * the file back at exit when a module was compiled afresh (`write: false`: never, for the threads
 * of a process whose main thread writes it). No-op with MML_CODE_CACHE=0, with --enable-source-maps,
 * outside a repository checkout, or when this thread installed one already. Returns the cache in use (undefined when off).
 */
export function installCompileCache(app: string, file: string | undefined = codeCacheFile(app), options: { write?: boolean } = {}): CompileCache | undefined {
  // With --enable-source-maps, Node's own loader registers each module's source map (stack traces in TypeScript lines).
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  if (file === undefined || process.env['MML_CODE_CACHE'] === '0' || sourceMaps || installedFile !== undefined) return undefined;
  installedFile = file;
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch {
    bytes = undefined;
  }
  const cache = new CompileCache(bytes);
  const prototype = (Module as unknown as ModuleStatics).prototype;
  const original = prototype._compile;
  prototype._compile = function compileThroughCache(this: CommonJsModule, content: string, filename: string, format?: string) {
    // ES modules (require(esm), a package of "type": "module") and anything that is not a plain script go to Node's loader.
    if ((format !== undefined && format !== 'commonjs') || DYNAMIC_IMPORT.test(content)) return original.call(this, content, filename, format);
    const result = cache.compile(this, content, filename);
    return result === NOT_COMPILED ? original.call(this, content, filename, format) : result;
  };
  if (options.write !== false) {
    process.once('exit', () => {
      if (cache.stale) writeCacheFile(file, cache);
    });
  }
  return cache;
}

/** Writes the file atomically; a cache that cannot be written (read-only checkout) is skipped silently. */
function writeCacheFile(file: string, cache: CompileCache): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, cache.serialize());
    renameSync(temporary, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}
