/**
 * Report chart benchmark: the CPU and wall time of drawing a real report's charts, each run in a
 * fresh process (a report is drawn once per run, cold: that is the case to measure), with the
 * report's own renderer (`renderChartSvg`: svg-chart/) and, for comparison, with Vega
 * (`renderWithVega`, loading Vega included). Prints figures; asserts nothing.
 *
 * Run: `node packages/reports/dist/bench/chart-bench.js <report.html> [--runs 3]`, e.g. on
 * `artifacts/research/latest/report.html` after `make research-budgets`. It renders the Vega-Lite
 * specs the page embeds (`<script id="vega-lite-specs">`), the same ones its SVG was drawn from.
 * The two renderers run alternately, so a change of machine load hits both alike.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { renderChartSvg, renderWithVega, type VegaLiteSpec } from '../charts';

interface Sample {
  cpuMs: number;
  wallMs: number;
  charts: number;
  svgBytes: number;
}

type Renderer = 'report' | 'vega';

/** One cold render of every chart of `page` in this process. */
async function renderPage(page: string, renderer: Renderer): Promise<Sample> {
  const specs = embeddedSpecs(page);
  const render = renderer === 'vega' ? renderWithVega : renderChartSvg;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  let svgBytes = 0;
  for (const spec of specs) svgBytes += (await render(spec)).length;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall0) / 1e6, charts: specs.length, svgBytes };
}

/** The Vega-Lite specs a report.html embeds, in page order. */
function embeddedSpecs(page: string): VegaLiteSpec[] {
  if (!existsSync(page)) throw new Error(`${page}: no such file`);
  const match = readFileSync(page, 'utf8').match(/<script type="application\/json" id="vega-lite-specs">([\s\S]*?)<\/script>/);
  if (!match) throw new Error(`${page}: no embedded Vega-Lite specs (not a report.html?)`);
  return Object.values(JSON.parse(match[1]) as Record<string, VegaLiteSpec>);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    console.log(JSON.stringify(await renderPage(argv[1], argv[2] as Renderer)));
    return;
  }
  const page = argv[0];
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
  if (!page || !Number.isInteger(runs) || runs < 1) {
    console.error('usage: chart-bench.js <report.html> [--runs N >= 1]');
    process.exit(2);
  }
  embeddedSpecs(page); // fails here, once, on a wrong path
  const samples: Record<Renderer, Sample[]> = { report: [], vega: [] };
  const child = (renderer: Renderer) => JSON.parse(execFileSync(process.execPath, [__filename, '--child', page, renderer], { encoding: 'utf8' })) as Sample;
  for (let i = 0; i < runs; i++) for (const renderer of ['report', 'vega'] as const) samples[renderer].push(child(renderer));
  console.log(`report charts: ${samples.report[0].charts} charts, ${runs} cold run(s) per renderer, alternating, load ${loadavg()[0].toFixed(2)}`);
  for (const [renderer, label] of [['report', "report's renderer (renderChartSvg)"], ['vega', 'Vega (renderWithVega, loading Vega included)']] as const) {
    const s = samples[renderer];
    console.log(`  ${label}: CPU ${median(s.map((x) => x.cpuMs)).toFixed(0)} ms  wall ${median(s.map((x) => x.wallMs)).toFixed(0)} ms  (medians; runs ${s.map((x) => x.cpuMs.toFixed(0)).join(' ')} ms CPU), ${(s[0].svgBytes / 1e6).toFixed(2)} MB of SVG`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
