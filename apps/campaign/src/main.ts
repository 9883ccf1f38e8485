#!/usr/bin/env node
// campaign: N seeded runs of every format on the synthetic market (BTC/USDT-calibrated), with the
// distribution of metrics and how many runs pass the gates; optionally the Avellaneda-Stoikov 2008
// replication. Thin: parse arguments, call runCampaign, print the report path.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCampaign, createProgress, runCli, parseQueueUrl, windowDays, DATA_HELP } from '@mml/workflows';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('campaign')
    .usage('$0 [options]\n\nN seeded synthetic runs per format; writes summary.json, results.csv and report.html under <out>/campaign/<run-id>/.')
    .option('n', { type: 'number', default: 10, describe: 'seeded runs per format' })
    .option('days', { type: 'number', default: 7, describe: 'length of each synthetic run in days of 1m bars; with --data, the window of the data (last N days)' })
    .option('hours', { type: 'number', describe: 'with --data: use the last N hours (instead of --days)' })
    .option('minutes', { type: 'number', describe: 'with --data: use the last N minutes (instead of --days)' })
    .option('data', { type: 'string', describe: `recorded data instead of the synthetic market, cut into --n consecutive slices of equal time (run i on slice i): ${DATA_HELP}` })
    .option('quality', { choices: ['fail', 'drop', 'mark'] as const, default: 'fail' as const, describe: 'data-quality policy for --data files' })
    .option('budget', { type: 'number', default: 10000, describe: 'quote budget per run' })
    .option('formats', { type: 'string', default: 'all', describe: 'strategy formats, comma-separated, or "all"' })
    .option('replicate-as2008', { type: 'boolean', default: false, describe: 'also run the Avellaneda-Stoikov 2008 section 3.3 replication' })
    .option('workers', { type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('start-base-fraction', { type: 'number', describe: 'share of the budget held in base at the first mid (0..1; default 0.5, so a spot market maker can quote both sides from the start; 0 = cash only)' })
    .option('queue', { type: 'string', default: process.env['MML_QUEUE'], describe: 'redis://host:port: run the tasks on a BullMQ queue served by `make worker` processes on any machine (default $MML_QUEUE; unset = local threads)' })
    .option('seed', { type: 'number', default: 42, describe: 'master seed; run i uses a seed derived from it' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root directory' })
    .strict()
    .help()
    .parseAsync();
  const progress = createProgress('campaign');
  const result = await runCampaign({
    n: argv.n,
    days: argv.data !== undefined ? windowDays(argv) : argv.days,
    ...(argv.data !== undefined ? { dataPath: argv.data, quality: argv.quality } : {}),
    budget: argv.budget,
    formats: argv.formats,
    replicateAs2008: argv['replicate-as2008'],
    workers: argv.workers,
    queue: queueOf(argv.queue),
    seed: argv.seed,
    startBaseFraction: argv['start-base-fraction'],
    artifactsRoot: argv.out,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  for (const line of result.verdictLines) console.log(line);
  console.log(`report: ${result.reportPath}`);
});

/** An empty --queue means local threads; anything else must be a redis:// URL (checked before any work). */
function queueOf(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  parseQueueUrl(url, '--queue');
  return url;
}
