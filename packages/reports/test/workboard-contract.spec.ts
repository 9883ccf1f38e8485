import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRunDirectory, evaluateWalkForwardGate, judgeRow, writeRunArtifacts, DEFAULT_GATES } from '../src/index';
import { metricsFixture, summaryFixture } from '../src/fixtures.test-helpers';

// Contract between the artifacts this package writes and tools/workboard/update-workboard.js, which
// reads them as plain files: a change to the summary shape that breaks the workboard fails here.
const SCRIPT = resolve(__dirname, '../../../tools/workboard/update-workboard.js');

describe('workboard contract', () => {
  it('update-workboard.js reads the latest summaries written by writeRunArtifacts', async () => {
    const artifacts = mkdtempSync(join(tmpdir(), 'mml-reports-wb-'));
    const research = createRunDirectory(artifacts, 'research', new Date(Date.UTC(2026, 10, 24, 10, 15)), { suffix: 'r' });
    await writeRunArtifacts(research.dir, { summary: summaryFixture() });

    const wf = createRunDirectory(artifacts, 'walk-forward', new Date(Date.UTC(2026, 10, 24, 10, 30)), { suffix: 'w' });
    const folds = [0, 1, 2].map((fold) => judgeRow({ format: 'as-basic', budget: 10000, fold, phase: 'out-of-sample', metrics: metricsFixture({ pnl: fold === 2 ? -5 : 5 }) }));
    const gate = evaluateWalkForwardGate({ foldVerdicts: folds.map((r) => r.gates), hardBreaches: 0, threshold: 0.6, oosPnlSum: 5, oosSharpeMean: 1.2, insufficientFillFolds: 0, minFillsForStatistics: 30 });
    const summary = { ...summaryFixture(), app: 'walk-forward', rows: folds, gates: { ...DEFAULT_GATES, walkForwardPassRate: 0.6 }, walkForward: [{ format: 'as-basic', folds: 3, ...gate }] };
    await writeRunArtifacts(wf.dir, { summary });

    const board = join(artifacts, 'WORKBOARD.md');
    writeFileSync(board, '# Board\n<!-- status:begin -->\n<!-- status:end -->\n');
    const result = spawnSync(process.execPath, [SCRIPT, '--artifacts', artifacts, '--workboard', board, '--team', join(artifacts, 'none.yaml')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const text = readFileSync(board, 'utf8');
    expect(text).toMatch(/\| research \| fixture\.csv\.gz 2023-03-16→2023-04-15 \| as-basic \| 1\/2 \(1k ✔, 10k ✘\) \|/);
    expect(text).toMatch(/\| walk-forward \| [^|]+ \| as-basic \| 2\/3 \| 2\/3 \| 3\/3 \| 3\/3 \| \*\*PASS\*\*: pass rate 67% \(needs ≥ 60%\), 0 hard breaches \| 2026-11-24 10:30 \|/);
    expect(text).toMatch(/\| as-basic \| 1\/2 \| PASS \| not measured \| no \|/);
  });
});
