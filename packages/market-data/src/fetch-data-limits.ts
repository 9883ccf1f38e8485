/**
 * Upper bound of fetch-data's `days` (10 years): at 1m that is 3,650 day chunks and ~5,300
 * requests. Longer histories are fetched in several runs (each resumes from the cache). Without a
 * bound a typo such as `--days 1e6` meant ~35,000 requests before the first error. (Its own module
 * so the CLI can validate options without loading ccxt.)
 */
export const MAX_FETCH_DAYS = 3650;
