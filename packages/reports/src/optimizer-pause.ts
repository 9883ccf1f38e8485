import { setFlagsFromString } from 'node:v8';

/**
 * Runs `render` with V8's optimizing compiler (TurboFan) paused, then resumes it.
 *
 * Why: a report runs Vega's large code base once per chart, on different data each time. With
 * TurboFan on, V8 optimizes much of that code, then throws it away when the next chart's data
 * differs (deoptimizes) and optimizes again: for research's 15 charts that was ~0.9 s of the
 * ~2.4 s of CPU the charts cost; with it paused (interpreter and baseline compiler only) they cost
 * ~1.5 s (measured: scripts in the package README). Results are unchanged: the tiers differ in
 * speed, never in what JavaScript computes (a test compares the SVG).
 *
 * Scope: V8 flags are per process, so this is reference-counted (overlapping renders resume it
 * once, after the last) and resumed even when `render` throws. Code optimized before stays
 * optimized; code that turns hot during a render (on another thread too) is optimized once it
 * ends. Left alone when the process was started with flags that already decide TurboFan
 * (`--no-opt`, `--jitless`, ...), so a user's choice is never overridden.
 */
export async function withOptimizerPaused<T>(render: () => Promise<T>): Promise<T> {
  if (!pausable) return render();
  if (depth++ === 0) setFlagsFromString('--no-opt');
  try {
    return await render();
  } finally {
    if (--depth === 0) setFlagsFromString('--opt');
  }
}

/** Renders in progress in this thread. */
let depth = 0;

/**
 * False when the process was started with a flag that already decides whether TurboFan runs
 * (`--no-opt`, `--turbofan`, `--jitless`, `--max-opt=…`, ...), on the command line or in NODE_OPTIONS.
 */
export function optimizerPausable(execArgv: readonly string[], nodeOptions = ''): boolean {
  return ![...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--(no-)?(opt|turbofan|jitless|always-opt|always-turbofan|max-opt)(=.*)?$/.test(arg));
}

const pausable = optimizerPausable(process.execArgv, process.env['NODE_OPTIONS']);
