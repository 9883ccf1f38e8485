// renderChartSvg behind a module of our own, so chart-task.ts can load it on a thread's first chart:
// a lazy require of '@mml/reports' itself would mark the whole library lazy-loaded. Vega itself is
// loaded by @mml/reports only for a spec outside its own renderer's subset.
export { renderChartSvg } from '@mml/reports';
