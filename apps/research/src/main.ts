#!/usr/bin/env node
// research's entry: first starts loading the --data file on a thread (@mml/workflows/candle-prefetch,
// which loads nothing else), then loads the command itself (research-cli.ts), whose modules take the
// main thread ~0.15 s meanwhile. The workflow takes the prefetched bars only if they are the load it
// asks for, and loads the file itself otherwise.
import { researchPrefetchRequest, startCandlePrefetch } from '@mml/workflows/candle-prefetch';

startCandlePrefetch(researchPrefetchRequest(process.argv.slice(2)));
require('./research-cli');
