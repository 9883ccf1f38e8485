#!/usr/bin/env node
// mml-worker: serves the task queue of `--queue` sweeps (research, walk-forward, campaign).
//   node packages/workflows/dist/cli/queue-worker.js --queue redis://127.0.0.1:6379 [--concurrency 2]
// Run as many as you like, on any machine that reaches the Redis. SIGINT/SIGTERM: finish the
// running tasks, then exit.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { defaultWorkerCount } from '../worker-pool';
import { runCli } from '../run-cli';
import { parseQueueUrl } from '../queue/queue-url';
import { startQueueWorker } from '../queue/queue-worker';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('mml-worker')
    .usage('$0 --queue redis://host:port\n\nRuns tasks from the queue that research/walk-forward/campaign fill with --queue.')
    .option('queue', { type: 'string', default: process.env['MML_QUEUE'], describe: 'redis://host:port[/db] (default $MML_QUEUE)' })
    .option('concurrency', { type: 'number', default: defaultWorkerCount(), describe: 'tasks at once (threads), 1..256' })
    .option('lock-ms', { type: 'number', default: 30_000, describe: 'task lock; a killed worker\'s task is retried elsewhere after this long (1000..3600000)' })
    .check((a) => {
      if (a.queue === undefined || a.queue === '') throw new Error('--queue: required (or set MML_QUEUE), e.g. redis://127.0.0.1:6379');
      parseQueueUrl(a.queue, '--queue');
      if (!Number.isInteger(a.concurrency) || a.concurrency < 1 || a.concurrency > 256) throw new Error(`--concurrency: an integer 1..256, got ${a.concurrency}`);
      if (!Number.isInteger(a['lock-ms']) || a['lock-ms'] < 1000 || a['lock-ms'] > 3_600_000) throw new Error(`--lock-ms: an integer 1000..3600000, got ${a['lock-ms']}`);
      return true;
    })
    .strict()
    .help()
    .parseAsync();
  const worker = await startQueueWorker({
    url: argv.queue as string,
    concurrency: argv.concurrency,
    lockMs: argv['lock-ms'],
    log: (line) => process.stdout.write(`${line}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`worker: ${signal}: finishing running tasks (${worker.completed} done)\n`);
      void worker.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
});
