/** The exchange URL override from `MML_EXCHANGE_URL`, if set and non-empty. */
export function exchangeUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env['MML_EXCHANGE_URL'];
  return url !== undefined && url.trim() !== '' ? url.trim() : undefined;
}
