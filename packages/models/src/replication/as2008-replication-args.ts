/**
 * The command line both Avellaneda-Stoikov (2008) replication CLIs take (models' standalone
 * `replicate-as2008`, workflows' `replicate-as2008-engine`): where to write, the seed, the number of
 * paths and the two conventions. Defaults are the paper's (liquidity-only spread, fills drawn after
 * the mid move).
 */
export interface As2008ReplicationArgs {
  out: string;
  seed: number;
  simulations: number;
  spreadTerm: 'full' | 'liquidity-only';
  fillTiming: 'before-move' | 'after-move';
}

/** The usage line of a replication CLI named `scriptName`. */
export function as2008ReplicationUsage(scriptName: string): string {
  return `usage: ${scriptName} [--out <dir>] [--seed <int>] [--simulations <int>] [--spread-term liquidity-only|full] [--fill-timing after-move|before-move]`;
}

/**
 * Parses `--flag value` and `--flag=value`; `--help` prints the usage and exits 0. A bad argument
 * throws an Error whose message starts with "error:", names the flag and ends with the usage line.
 */
export function parseAs2008ReplicationArgs(argv: string[], scriptName: string): As2008ReplicationArgs {
  const usage = as2008ReplicationUsage(scriptName);
  const options: As2008ReplicationArgs = { out: 'artifacts/replication', seed: 2008, simulations: 1000, spreadTerm: 'liquidity-only', fillTiming: 'after-move' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`error: ${flag} needs a value\n${usage}`);
      return v;
    };
    const integer = (min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`error: ${flag} must be an integer >= ${min}\n${usage}`);
      return n;
    };
    const choice = <T extends string>(allowed: readonly T[]): T => {
      const v = value();
      if (!(allowed as readonly string[]).includes(v)) throw new Error(`error: ${flag} must be one of ${allowed.join(', ')}, got "${v}"\n${usage}`);
      return v as T;
    };
    switch (flag) {
      case '--out': options.out = value(); break;
      case '--seed': options.seed = integer(0); break;
      case '--simulations': options.simulations = integer(2); break;
      case '--spread-term': options.spreadTerm = choice(['liquidity-only', 'full'] as const); break;
      case '--fill-timing': options.fillTiming = choice(['after-move', 'before-move'] as const); break;
      case '--help': case '-h': console.log(usage); process.exit(0); break;
      default: throw new Error(`error: unknown argument ${argv[i]}\n${usage}`);
    }
  }
  return options;
}
