import { setFlagsFromString } from 'node:v8';

/**
 * Runs `render` with V8's optimizing compiler (TurboFan) paused, then resumes it. renderReportHtml
 * draws its charts this way.
 *
 * Why: a report runs Vega's large code base once per chart, on different data each time. With
 * TurboFan on, V8 spends CPU (on background threads too) optimizing code that runs too briefly to
 * repay it, or that the next chart's data deoptimizes. Research's 15 charts took ~2.4 s of CPU with
 * it and ~1.5 s without (the interpreter and baseline compiler only). Results are unchanged: the
 * tiers differ in speed, never in what JavaScript computes (a test compares the SVG).
 *
 * Scope: V8's flags are per process, so the pause covers every thread, e.g. a pool's threads
 * drawing the charts. It is reference-counted in this thread (overlapping batches resume it once,
 * after the last) and resumed even when `render` throws. Code optimized before stays optimized;
 * code that turns hot meanwhile is optimized once the pause ends. A process started with a flag
 * that already decides TurboFan (`--no-opt`, `--jitless`, ...) is left alone. Node keeps V8's flags
 * writable after startup (it sets `--no-freeze-flags-after-init`) for v8.setFlagsFromString.
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
