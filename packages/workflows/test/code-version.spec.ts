import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeVersion, codeVersionAsync, findRepoRoot } from '../src/cli-support';

describe('codeVersionAsync', () => {
  it('gives what codeVersion gives: the commit in a repository, "unknown" outside one, $MML_CODE_VERSION first', async () => {
    const repo = findRepoRoot() ?? process.cwd();
    const env = {};
    expect(await codeVersionAsync(repo, env)).toBe(codeVersion(repo, env));
    expect(codeVersion(repo, env)).toMatch(/^([0-9a-f]{12}|unknown)$/);
    const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
    expect(await codeVersionAsync(outside, env)).toBe('unknown');
    expect(codeVersion(outside, env)).toBe('unknown');
    expect(await codeVersionAsync(repo, { MML_CODE_VERSION: 'pinned' })).toBe('pinned');
  });
});
