#!/usr/bin/env node
// research's entry: first starts loading the --data file on a thread (@mml/workflows/candle-prefetch,
// which loads nothing else), then loads the command itself (research-cli.ts), whose modules take the
// main thread ~0.1 s meanwhile. The workflow takes the prefetched bars only if they are the load it
// asks for, and loads the file itself otherwise. Modules load through V8's code cache
// (@mml/workflows/compile-cache: bytecode kept from the previous run, in data/cache/code/).
import { researchPrefetchRequest, startCandlePrefetch } from '@mml/workflows/candle-prefetch';
import { installCompileCache } from '@mml/workflows/compile-cache';

startCandlePrefetch(researchPrefetchRequest(process.argv.slice(2)));
installCompileCache('research');
require('./research-cli');
