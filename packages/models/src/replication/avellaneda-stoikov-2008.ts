import { SeededRandom, deriveSeed } from '@mml/core';
import { avellanedaStoikovQuotes } from '../formulas/avellaneda-stoikov';

/**
 * The simulation of Avellaneda & Stoikov (2008), section 3.3: s0 = 100, T = 1, sigma = 2,
 * dt = 0.005 (200 steps), q0 = 0, k = 1.5, A = 140. Each step: the agent quotes (inventory
 * strategy: around the reservation price r = s - q gamma sigma^2 (T - t); symmetric strategy: the
 * same spread centred on the mid), each side is lifted with probability A exp(-k delta) dt (one
 * unit), then the mid moves +-sigma sqrt(dt) with probability 1/2 each.
 *
 * Both strategies, and all gammas, see the same mid paths and the same fill uniforms (common random
 * numbers: path i draws from SeededRandom(deriveSeed(seed, 'path-i'))), so differences between
 * them come from the strategies, not from sampling noise.
 */
export interface As2008Parameters {
  s0: number;
  T: number;
  sigma: number;
  dt: number;
  k: number;
  A: number;
}

export const AS2008_PARAMETERS: As2008Parameters = Object.freeze({ s0: 100, T: 1, sigma: 2, dt: 0.005, k: 1.5, A: 140 });

export interface As2008StrategyResult {
  /** Mean quoted spread (ask - bid) over all steps and paths. */
  spread: number;
  profitMean: number;
  profitStd: number;
  finalQMean: number;
  finalQStd: number;
}

export interface As2008Replication {
  simulations: number;
  seed: number;
  parameters: As2008Parameters;
  gamma: Record<string, { inventory: As2008StrategyResult; symmetric: As2008StrategyResult }>;
}

export interface As2008Options {
  seed: number;
  simulations?: number;
  gammas?: number[];
  parameters?: Partial<As2008Parameters>;
  /**
   * 'liquidity-only' (default, the paper's convention): the quoted spread is (2/gamma) ln(1 + gamma/k),
   * the value the paper's tables print as the spread. 'full': the spread of eq. (30),
   * gamma sigma^2 (T - t) + (2/gamma) ln(1 + gamma/k). See README for which gives which number.
   */
  spreadTerm?: 'full' | 'liquidity-only';
  /**
   * 'after-move' (default, the paper's convention): the mid moves first and the quotes' distances
   * are measured from the new mid (the quotes were stale for one step). 'before-move': fills are
   * drawn against the mid the quotes were set at, then the mid moves. See README.
   */
  fillTiming?: 'before-move' | 'after-move';
}

export function runAvellanedaStoikov2008Replication(options: As2008Options): As2008Replication {
  const simulations = options.simulations ?? 1000;
  const gammas = options.gammas ?? [0.1, 0.01, 0.5];
  const p: As2008Parameters = { ...AS2008_PARAMETERS, ...options.parameters };
  if (!Number.isInteger(simulations) || simulations < 2) throw new RangeError(`simulations must be an integer >= 2, got ${simulations}`);
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
  const steps = Math.round(p.T / p.dt);
  const moveSize = p.sigma * Math.sqrt(p.dt);
  const liquidityOnly = (options.spreadTerm ?? 'liquidity-only') === 'liquidity-only';
  const afterMove = (options.fillTiming ?? 'after-move') === 'after-move';
  const gamma: As2008Replication['gamma'] = {};
  for (const g of gammas) {
    if (!(g > 0)) throw new RangeError(`gamma must be > 0, got ${g}`);
    const inventory = new As2008Accumulator();
    const symmetric = new As2008Accumulator();
    for (let path = 0; path < simulations; path++) {
      const rng = new SeededRandom(deriveSeed(options.seed, `path-${path}`));
      let s = p.s0;
      const inv = { q: 0, cash: 0 };
      const sym = { q: 0, cash: 0 };
      let spreadSum = 0;
      for (let i = 0; i < steps; i++) {
        const tau = p.T - i * p.dt;
        const uBid = rng.uniform();
        const uAsk = rng.uniform();
        const uMove = rng.uniform();
        const quotes = avellanedaStoikovQuotes({ mid: s, q: inv.q, gamma: g, sigma: p.sigma, tau, k: p.k });
        if (liquidityOnly) {
          const spread = (2 / g) * Math.log1p(g / p.k);
          quotes.bid = quotes.reservation - spread / 2;
          quotes.ask = quotes.reservation + spread / 2;
          quotes.spread = spread;
        }
        spreadSum += quotes.spread;
        const next = s + (uMove < 0.5 ? moveSize : -moveSize);
        const reference = afterMove ? next : s;
        step(inv, quotes.bid, quotes.ask, reference, uBid, uAsk, p);
        step(sym, s - quotes.spread / 2, s + quotes.spread / 2, reference, uBid, uAsk, p);
        s = next;
      }
      inventory.add(inv.cash + inv.q * s, inv.q, spreadSum / steps);
      symmetric.add(sym.cash + sym.q * s, sym.q, spreadSum / steps);
    }
    gamma[String(g)] = { inventory: inventory.result(), symmetric: symmetric.result() };
  }
  return { simulations, seed: options.seed, parameters: p, gamma };
}

function step(account: { q: number; cash: number }, bid: number, ask: number, s: number, uBid: number, uAsk: number, p: As2008Parameters): void {
  // P(fill in dt) = lambda(delta) dt, capped at 1 (a quote through the mid fills for sure).
  if (uBid < Math.min(1, p.A * Math.exp(-p.k * (s - bid)) * p.dt)) {
    account.q += 1;
    account.cash -= bid;
  }
  if (uAsk < Math.min(1, p.A * Math.exp(-p.k * (ask - s)) * p.dt)) {
    account.q -= 1;
    account.cash += ask;
  }
}

/** Per-agent profit and final-inventory statistics over simulated paths (also used by the engine run in workflows). */
export class As2008Accumulator {
  private readonly profits: number[] = [];
  private readonly qs: number[] = [];
  private spreadSum = 0;

  add(profit: number, q: number, meanSpread: number): void {
    this.profits.push(profit);
    this.qs.push(q);
    this.spreadSum += meanSpread;
  }

  result(): As2008StrategyResult {
    return {
      spread: this.spreadSum / this.profits.length,
      profitMean: mean(this.profits),
      profitStd: sampleStd(this.profits),
      finalQMean: mean(this.qs),
      finalQStd: sampleStd(this.qs),
    };
  }
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sampleStd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** The published figures (Avellaneda & Stoikov 2008, tables 1-3), for comparison tables only. */
export const AS2008_PAPER_TABLE: Record<string, { inventory: As2008StrategyResult; symmetric: As2008StrategyResult }> = {
  '0.1': {
    inventory: { spread: 1.29, profitMean: 62.94, profitStd: 5.89, finalQMean: 0.1, finalQStd: 2.8 },
    symmetric: { spread: 1.29, profitMean: 67.21, profitStd: 13.43, finalQMean: -0.018, finalQStd: 8.66 },
  },
  '0.01': {
    inventory: { spread: 1.33, profitMean: 66.78, profitStd: 8.76, finalQMean: -0.02, finalQStd: 4.7 },
    symmetric: { spread: 1.33, profitMean: 67.36, profitStd: 13.4, finalQMean: -0.31, finalQStd: 8.65 },
  },
  '0.5': {
    inventory: { spread: 1.15, profitMean: 33.92, profitStd: 4.72, finalQMean: -0.02, finalQStd: 1.88 },
    symmetric: { spread: 1.15, profitMean: 66.2, profitStd: 14.53, finalQMean: 0.25, finalQStd: 9.06 },
  },
};

/** A markdown table of measured figures next to the paper's (where the paper has that gamma). */
export function as2008MarkdownTable(result: As2008Replication): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [
    `# Avellaneda-Stoikov (2008) section 3.3 replication`,
    ``,
    `${result.simulations} paths, seed ${result.seed}, s0=${result.parameters.s0}, T=${result.parameters.T}, sigma=${result.parameters.sigma}, dt=${result.parameters.dt}, k=${result.parameters.k}, A=${result.parameters.A}. Paper figures in parentheses.`,
    ``,
    `| gamma | strategy | spread | profit mean | profit std | final q mean | final q std |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const [g, row] of Object.entries(result.gamma)) {
    for (const name of ['inventory', 'symmetric'] as const) {
      const m = row[name];
      const paper = AS2008_PAPER_TABLE[g]?.[name];
      const cell = (key: keyof As2008StrategyResult) => (paper ? `${f(m[key])} (${paper[key]})` : f(m[key]));
      lines.push(`| ${g} | ${name} | ${cell('spread')} | ${cell('profitMean')} | ${cell('profitStd')} | ${cell('finalQMean')} | ${cell('finalQStd')} |`);
    }
  }
  return lines.join('\n') + '\n';
}
