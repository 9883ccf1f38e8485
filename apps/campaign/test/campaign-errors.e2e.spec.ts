// End-to-end (issue 10, items 9, 10): the BUILT campaign CLI refuses bad options at parse time and an
// unusable --out before any computation: one `error: ...` line naming the option and its allowed
// range, exit 2, nothing written.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..');
const cli = join(repo, 'apps', 'campaign', 'dist', 'main.js');
type Result = { status: number | null; stderr: string };

function run(args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, MML_CODE_VERSION: 'test' }, timeout: 60_000 }, (error, _stdout, stderr) =>
      done({ status: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
}

describe('campaign (built): user errors', () => {
  jest.setTimeout(120_000);

  it('refuses bad options and an unusable --out before anything runs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'campaign-err-'));
    writeFileSync(join(out, 'a-file'), 'x');
    const cases: Array<[string[], RegExp]> = [
      [['--n', '0'], /^error: --n must be an integer in \[1, 10000\], got "0"$/],
      [['--n', 'ten'], /^error: --n must be an integer in \[1, 10000\], got "ten"$/],
      [['--days', '1e6'], /^error: --days must be a number in \(0, 3650\], got "1e6"$/],
      [['--budget', '-5'], /^error: --budget must be a number in \(0, 1000000000000\], got "-5"$/],
      [['--workers', 'abc'], /^error: --workers must be an integer in \[1, 64\], got "abc"$/],
      [['--seed', '0x10'], /^error: --seed must be an integer in \[0, 4294967295\], got "0x10"$/],
      [['--out', join(out, 'a-file', 'artifacts')], /^error: --out .*a-file\/artifacts is not a writable directory: ENOTDIR \(a parent is not a directory/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args.includes('--out') ? args : [...args, '--out', out])));
    results.forEach((result, i) => expect([cases[i][0], result.status, result.stderr.trim().split('\n')]).toEqual([cases[i][0], 2, [expect.stringMatching(cases[i][1])]]));
    expect(readdirSync(out)).toEqual(['a-file']);
  });
});
