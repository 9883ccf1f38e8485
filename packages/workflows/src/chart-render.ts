// renderChartSvg behind a module of our own, so chart-task.ts can load it (and Vega) on a thread's
// first chart: a lazy require of '@mml/reports' itself would mark the whole library lazy-loaded.
export { renderChartSvg } from '@mml/reports';
