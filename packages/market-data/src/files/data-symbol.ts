import { basename } from 'node:path';
import { readArchiveLines } from '../ticks/text-source';

/** A market symbol read from a data file: where it was read, and its base and quote assets. */
export interface DataSymbol {
  base: string;
  quote: string;
  /** How it was found, for messages: `file name "…"` or `stream "ethusdt@depth" (line 2)`. */
  evidence: string;
}

/**
 * Quote assets a Binance symbol can end in, longest first so "FDUSD" wins over "USD". TRY is left
 * out on purpose: too many English words end in "try" ("entry", "registry") for a file name to be read safely.
 */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'BTC', 'ETH', 'BNB', 'EUR'] as const;

/** Lines of a file's head searched for a stream or symbol field (a capture's first line may be a long snapshot). */
const HEAD_LINES = 50;

/**
 * The base/quote of an exchange symbol as written in names and streams: "BTCUSDT", "btcusdt",
 * "ETH/USDT", "BTC/USDT:USDT" (ccxt swap), "BTCUSD_PERP" (COIN-M), "BTCUSDT_240628" (delivery).
 * Undefined when no known quote asset ends it.
 */
export function splitSymbol(symbol: string): { base: string; quote: string } | undefined {
  const unified = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)(:[A-Za-z0-9]+)?$/.exec(symbol.trim());
  if (unified) return { base: unified[1].toUpperCase(), quote: unified[2].toUpperCase() };
  const bare = symbol.trim().toUpperCase().replace(/_(PERP|\d{6})$/, '');
  if (!/^[A-Z0-9]+$/.test(bare)) return undefined;
  for (const quote of QUOTES) {
    if (bare.length >= quote.length + 2 && bare.endsWith(quote)) return { base: bare.slice(0, -quote.length), quote };
  }
  return undefined;
}

/** True when two symbols name the same base and quote (spot and its perpetual count as the same market data). */
export function sameBaseQuote(a: { base: string; quote: string }, b: { base: string; quote: string }): boolean {
  return a.base === b.base && a.quote === b.quote;
}

/**
 * The symbol a file's name states, as Binance and this repository name files: the shared files
 * (`binance_ethusdt_1m_….csv.gz`, `binance_spot_btcusdt_….gz`), Binance's public dumps
 * (`BTCUSDT-1m-2024-08-08.zip`, `ETHUSDT-aggTrades-….zip`) and freqtrade's `BTC_USDT-1m.json`.
 * A word is taken only when it is all lower or all upper case and ends in a known quote asset after
 * at least two characters; an upper-case pair like `BTC_USDT` counts too. Undefined when none does.
 */
export function symbolFromFileName(path: string): DataSymbol | undefined {
  const name = basename(path);
  const words = name.split(/[_\-.\s@]+/).filter((w) => w !== '');
  const evidence = `file name "${name}"`;
  for (const word of words) {
    if (word !== word.toLowerCase() && word !== word.toUpperCase()) continue;
    if (!/[a-zA-Z]/.test(word)) continue;
    const split = splitSymbol(word);
    if (split) return { ...split, evidence };
  }
  for (let i = 0; i + 1 < words.length; i++) {
    const [base, quote] = [words[i], words[i + 1]];
    if (/^[A-Z][A-Z0-9]{1,9}$/.test(base) && (QUOTES as readonly string[]).includes(quote)) return { base, quote, evidence };
  }
  return undefined;
}

/**
 * The symbol a file's first lines state: a Binance websocket capture's `"stream":"ethusdt@depth"`
 * or an event's `"s":"ETHUSDT"`. Kline files and the flattened tick CSVs carry none (undefined).
 * Best effort: an unreadable file gives undefined here and is reported by the reader that loads it.
 */
export async function symbolFromContents(path: string): Promise<DataSymbol | undefined> {
  try {
    for await (const { line, text } of readArchiveLines(path)) {
      const stream = /"stream"\s*:\s*"(([A-Za-z0-9_]+)@[^"]*)"/.exec(text);
      const field = /"s"\s*:\s*"([A-Za-z0-9_]+)"/.exec(text);
      const split = stream ? splitSymbol(stream[2]) : field ? splitSymbol(field[1]) : undefined;
      if (split) return { ...split, evidence: stream ? `stream "${stream[1]}" (line ${line})` : `symbol "${field?.[1]}" (line ${line})` };
      if (line >= HEAD_LINES) break;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Every symbol a data file states, by its name and by its first lines (zero, one or two). */
export async function dataFileSymbols(path: string): Promise<DataSymbol[]> {
  const found: DataSymbol[] = [];
  const byName = symbolFromFileName(path);
  if (byName) found.push(byName);
  const byContents = await symbolFromContents(path);
  if (byContents) found.push(byContents);
  return found;
}
