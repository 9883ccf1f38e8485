/**
 * Progress for long runs: a redrawn bar on a TTY, plain lines otherwise (CI logs, pipes), written
 * to stderr so stdout stays clean for the report path.
 */
export interface ProgressSink {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function createProgress(label: string, sink: ProgressSink = process.stderr, width = 30): Progress {
  let lastLineDecile = -1;
  let drew = false;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      if (sink.isTTY) {
        const filled = Math.round(fraction * width);
        sink.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        drew = true;
        return;
      }
      // Plain mode: one line per new 10% step (first, every decile, last), so logs stay short for long runs.
      const decile = Math.floor(fraction * 10);
      if (decile === lastLineDecile) return;
      lastLineDecile = decile;
      sink.write(`${label}: ${done}/${total} (${Math.round(fraction * 100)}%)\n`);
    },
    finish() {
      if (drew) sink.write('\n');
    },
  };
}
