/**
 * A run id sortable by time: "20261124T101500Z-<pid base 36>" (UTC). Used for the realtime log
 * file; directory runs get theirs from @mml/reports' createRunDirectory (same format).
 */
export function timestampRunId(now: Date, suffix: string = process.pid.toString(36)): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('invalid date for run id');
  return `${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}-${suffix}`;
}
