import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { detectCandleFormat, loadCandleRowsCached, readTextLines } from '@mml/market-data/files';
import { defaultCandleCacheDir } from './candle-cache-dir';
import type { CandlePrefetchRequest } from './candle-prefetch';

/**
 * The candle prefetch's thread (candle-prefetch.ts): loads one kline file as the workflow's loader
 * does (market-data's loadCandleRowsCached: loadCandles through the cache of loaded kline files in
 * data/cache/candles, as rows) and sends the bars back packed in shared memory (not copied). It loads only
 * market-data's kline reader. Anything else than a kline file that loads (a directory, tick data,
 * a file that fails its checks) sends `{ ok: false }`: the main thread then runs its own load,
 * which reports any problem as it always does.
 */
async function prefetch(request: CandlePrefetchRequest & { nowMs: number }): Promise<void> {
  try {
    if (!(await isKlineFile(request.path))) {
      parentPort?.postMessage({ ok: false });
      return;
    }
    // As rows: the cache's layout is the packed candles' (packed-candles.ts; a test holds them equal).
    const { count, rows, quality } = await loadCandleRowsCached(request.path, { lastDays: request.lastDays, policy: request.policy, nowMs: request.nowMs }, defaultCandleCacheDir());
    // Into shared memory: the main thread reads it as it is, and hands it to the pool's threads too.
    const data = new Float64Array(new SharedArrayBuffer(rows.byteLength));
    data.set(rows);
    parentPort?.postMessage({ ok: true, count, data, quality });
  } catch {
    parentPort?.postMessage({ ok: false });
  }
}

/** A plain file whose first non-empty line is a kline layout's (not a capture or tick CSV, which can be large). */
async function isKlineFile(path: string): Promise<boolean> {
  if (!statSync(path).isFile()) return false;
  for await (const { text } of readTextLines(path)) {
    if (text.trim() === '') continue;
    detectCandleFormat(text, path);
    return true;
  }
  return false;
}

void prefetch(workerData as CandlePrefetchRequest & { nowMs: number });
