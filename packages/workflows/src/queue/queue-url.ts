import { ConfigError, redactCredentials } from '@mml/core';

/** Where a BullMQ queue lives: a Redis server reached over TCP. */
export interface QueueEndpoint {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** The URL with any credentials replaced by `***`, safe to print and to store in artifacts. */
  display: string;
}

/**
 * Parses `redis://[user:password@]host[:port][/db]`. Anything else is a ConfigError naming the
 * option, so `--queue nonsense` fails at parse time instead of hanging on a connection.
 */
export function parseQueueUrl(url: string, option = 'queue'): QueueEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(option, `expected redis://host:port[/db], got ${JSON.stringify(redactCredentials(url))}`);
  }
  if (parsed.protocol !== 'redis:') throw new ConfigError(option, `expected a redis:// URL, got ${JSON.stringify(redactCredentials(url))}`);
  if (parsed.hostname === '') throw new ConfigError(option, `the URL names no host`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(option, `port must be 1..65535`);
  const path = parsed.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15) throw new ConfigError(option, `database must be an integer 0..15, got ${JSON.stringify(path)}`);
  const endpoint: QueueEndpoint = { host: parsed.hostname.replace(/^\[|\]$/g, ''), port, db, display: redactCredentials(url) };
  if (parsed.username !== '') endpoint.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') endpoint.password = decodeURIComponent(parsed.password);
  return endpoint;
}
