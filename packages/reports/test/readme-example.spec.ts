import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The README's runnable example must keep working against the public API.
const { main } = require('../examples/minimal-report.js') as { main(root: string): Promise<{ summaryJson: string; resultsCsv: string; reportHtml: string }> };

describe('examples/minimal-report.js', () => {
  it('writes the three artifacts with one passing and one failing format', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const paths = await main(mkdtempSync(join(tmpdir(), 'mml-reports-example-')));
    log.mockRestore();
    for (const path of Object.values(paths)) expect(existsSync(path)).toBe(true);
    const summary = JSON.parse(readFileSync(paths.summaryJson, 'utf8'));
    expect(summary.rows.map((r: { format: string; gates: { pass: boolean } }) => [r.format, r.gates.pass])).toEqual([
      ['as-basic', true],
      ['glft', false],
    ]);
    expect((readFileSync(paths.reportHtml, 'utf8').match(/<figure class="chart"/g) ?? []).length).toBe(6);
  });
});
