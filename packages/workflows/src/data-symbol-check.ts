import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@mml/core';
import { dataFileSymbols, sameBaseQuote, splitSymbol, type DataSymbol } from '@mml/market-data/files';

/** What `checkDataSymbol` concluded about `--data` and `--symbol`. */
export interface DataSymbolCheck {
  /** The symbol to run the data as: `--symbol` when given, else the one the data states (unified, e.g. "ETH/USDT"), else undefined. */
  symbol: string | undefined;
  /** Set when no file states a symbol: the one line to warn with (the data then runs as `--symbol`, default BTC/USDT). */
  warning?: string;
}

/**
 * Checks `--data` against `--symbol` before anything is loaded: every file's name and first lines
 * (market-data's `dataFileSymbols`: `binance_ethusdt_1m_…`, `ETHUSDT-1m-…zip`, a capture's
 * `"stream":"ethusdt@depth"`) must agree with each other and with `symbol` (base and quote; a perpetual
 * symbol like BTC/USDT:USDT matches BTC/USDT data). A disagreement is a DataError naming the file,
 * what it states and how that was read, and the `--symbol` to pass: ETH data never runs silently
 * labelled BTC/USDT. When no file states a symbol, the result carries a warning line instead.
 */
export async function checkDataSymbol(paths: readonly string[], symbol: string | undefined): Promise<DataSymbolCheck> {
  const wanted = symbol === undefined ? undefined : splitSymbol(symbol);
  let first: { file: string; stated: DataSymbol } | undefined;
  for (const file of dataFiles(paths)) {
    for (const stated of await dataFileSymbols(file)) {
      if (wanted !== undefined && !sameBaseQuote(stated, wanted)) {
        throw new DataError({ source: file }, `holds ${stated.base}/${stated.quote} data (from its ${stated.evidence}) but --symbol is ${symbol}; pass --symbol ${stated.base}/${stated.quote}`);
      }
      if (first !== undefined && !sameBaseQuote(stated, first.stated)) {
        throw new DataError({ source: file }, `holds ${stated.base}/${stated.quote} data (from its ${stated.evidence}) but ${first.file} holds ${first.stated.base}/${first.stated.quote}: pass the files of one symbol`);
      }
      first ??= { file, stated };
    }
  }
  if (first !== undefined) return { symbol: symbol ?? `${first.stated.base}/${first.stated.quote}` };
  return {
    symbol,
    warning: `warning: cannot tell which symbol ${paths.join(',')} holds from its file name or contents; running it as ${symbol ?? 'BTC/USDT'} (--symbol)`,
  };
}

/**
 * The files of the DATA paths: a file itself, and of a directory the capture files the readers take
 * from it (`*.gz` but not `*.csv.gz`, as market-data's groupCaptureFiles); missing paths are left to the loader.
 */
function dataFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) files.push(path);
    else for (const name of readdirSync(path).sort()) if (name.endsWith('.gz') && !name.endsWith('.csv.gz')) files.push(join(path, name));
  }
  return files;
}

const warned = new Set<string>();

/** Prints a DataSymbolCheck's warning on stderr, once per process for the same data. */
export function warnOnce(check: DataSymbolCheck, warn: (line: string) => void = (line) => console.warn(line)): void {
  if (check.warning === undefined || warned.has(check.warning)) return;
  warned.add(check.warning);
  warn(check.warning);
}
