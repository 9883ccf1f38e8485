import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeVersion, codeVersionAsync, findRepoRoot } from './cli-support';

describe('codeVersion / codeVersionAsync (summary.json codeVersion)', () => {
  it('both report the same commit of this checkout', async () => {
    const root = findRepoRoot();
    const sync = codeVersion(root, {});
    expect(await codeVersionAsync(root, {})).toBe(sync);
    // A clone gives a 12-character hash; an export without .git gives "unknown".
    expect(sync === 'unknown' || /^[0-9a-f]{12}$/.test(sync)).toBe(true);
  });

  it('both report MML_CODE_VERSION instead of git when it is set', async () => {
    const env = { MML_CODE_VERSION: 'pinned-for-a-byte-compare' };
    expect(codeVersion(undefined, env)).toBe('pinned-for-a-byte-compare');
    await expect(codeVersionAsync(undefined, env)).resolves.toBe('pinned-for-a-byte-compare');
  });

  it('both report "unknown" outside a git checkout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mml-no-git-'));
    try {
      // git reads GIT_CEILING_DIRECTORIES from the process environment: it stops looking for a
      // repository above the temporary directory even if that sits inside one.
      const saved = process.env['GIT_CEILING_DIRECTORIES'];
      process.env['GIT_CEILING_DIRECTORIES'] = tmpdir();
      try {
        expect(codeVersion(dir, {})).toBe('unknown');
        await expect(codeVersionAsync(dir, {})).resolves.toBe('unknown');
      } finally {
        if (saved === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
        else process.env['GIT_CEILING_DIRECTORIES'] = saved;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
