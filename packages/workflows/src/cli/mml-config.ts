#!/usr/bin/env node
// mml-config: the run config files of the apps (`--config run.yaml|run.json`).
//   mml-config schema <app> [--plugin my-format.js ...]        JSON Schema of <app>'s run config, to stdout
//   mml-config schema --out-dir <dir> [--plugin ...]           <dir>/<app>.schema.json for every app
//   mml-config check <app> <file> [--plugin ...]               validate a run config file (exit 2 naming the key)
// Apps: research, walk-forward, campaign, realtime-paper. Formats from --plugin (and the file's
// `plugins:` for check) are included, so their parameters are checked and completed too.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stableStringify, UsageError } from '@mml/core';
import { writeFileAtomic } from '@mml/core/io';
import { APP_OPTIONS, type AppName } from '../app-options';
import { loadPlugins, resolvePluginPaths } from '../plugins';
import { resolveRunConfig } from '../run-config';
import { runConfigJsonSchema } from '../run-config-schema';
import { runCli } from '../run-cli';

const APPS = Object.keys(APP_OPTIONS) as AppName[];
const USAGE = `usage: mml-config schema <app> | schema --out-dir <dir> | check <app> <file>  [--plugin <module.js>]...  (apps: ${APPS.join(', ')})`;

interface Args {
  command: string | undefined;
  positional: string[];
  plugins: string[];
  outDir?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: undefined, positional: [], plugins: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value; ${USAGE}`);
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--plugin') args.plugins.push(value());
    else if (arg === '--out-dir') args.outDir = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}; ${USAGE}`);
    else if (args.command === undefined) args.command = arg;
    else args.positional.push(arg);
  }
  return args;
}

function appOf(name: string | undefined): AppName {
  if (name === undefined || !APPS.includes(name as AppName)) throw new UsageError(`app must be one of ${APPS.join(', ')}, got ${JSON.stringify(name ?? '')}; ${USAGE}`);
  return name as AppName;
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  loadPlugins(resolvePluginPaths(args.plugins));
  if (args.command === 'schema') {
    if (args.outDir !== undefined) {
      if (args.positional.length > 0) throw new UsageError(`schema --out-dir writes every app's schema; leave out the app; ${USAGE}`);
      const dir = resolve(args.outDir);
      mkdirSync(dir, { recursive: true });
      for (const app of APPS) {
        const path = join(dir, `${app}.schema.json`);
        writeFileAtomic(path, `${JSON.stringify(JSON.parse(stableStringify(runConfigJsonSchema(app))), null, 2)}\n`);
        console.log(`schema: ${path}`);
      }
      return;
    }
    if (args.positional.length !== 1) throw new UsageError(USAGE);
    process.stdout.write(`${JSON.stringify(runConfigJsonSchema(appOf(args.positional[0])), null, 2)}\n`);
    return;
  }
  if (args.command === 'check') {
    if (args.positional.length !== 2) throw new UsageError(USAGE);
    const app = appOf(args.positional[0]);
    const file = args.positional[1];
    const { run } = resolveRunConfig(app, { config: file, plugin: args.plugins }, {});
    console.log(`ok: ${file} is a valid ${app} run config${run.plugins.length > 0 ? ` (plugins: ${run.plugins.join(', ')})` : ''}`);
    return;
  }
  throw new UsageError(USAGE);
});
