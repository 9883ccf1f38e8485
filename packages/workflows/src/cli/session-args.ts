import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { failAsUsageError } from '../cli-options';

/** The command line of the session tools (replay-paper, paper-status): which session, under which root. */
export async function parseSessionArgs(scriptName: string, usage: string): Promise<{ run?: string; out: string }> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName(scriptName)
    .usage(usage)
    .option('run', { type: 'string', describe: 'run id under <out>/realtime/, its directory, or its paper.jsonl (default: the newest session)' })
    .option('out', { type: 'string', default: 'artifacts', describe: 'artifacts root' })
    .strict()
    .fail(failAsUsageError)
    .help()
    .parseAsync();
  return { run: argv.run, out: argv.out };
}
