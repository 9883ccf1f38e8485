import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunDirectory, linkLatest, resolveLatest } from './run-directory';

describe('run directories', () => {
  const root = () => mkdtempSync(join(tmpdir(), 'mml-reports-runs-'));

  it('names runs by UTC start time so that sorting names sorts by time', () => {
    const artifacts = root();
    const times = [Date.UTC(2026, 10, 24, 10, 15, 0), Date.UTC(2026, 10, 24, 9, 59, 59), Date.UTC(2027, 0, 1, 0, 0, 0)];
    const ids = times.map((t) => createRunDirectory(artifacts, 'research', new Date(t), { suffix: 'test' }).runId);
    expect(ids[0]).toBe('20261124T101500Z-test');
    expect([...ids].sort()).toEqual([ids[1], ids[0], ids[2]]);
    for (const id of ids) expect(existsSync(join(artifacts, 'research', id))).toBe(true);
  });

  it('never reuses a directory when two runs start in the same second', () => {
    const artifacts = root();
    const now = new Date(Date.UTC(2026, 10, 24, 10, 15, 0));
    const a = createRunDirectory(artifacts, 'campaign', now, { suffix: 's' });
    const b = createRunDirectory(artifacts, 'campaign', now, { suffix: 's' });
    expect(a.runId).toBe('20261124T101500Z-s');
    expect(b.runId).toBe('20261124T101500Z-s-2');
  });

  it('points latest at the newest run with a relative symlink', () => {
    const artifacts = root();
    createRunDirectory(artifacts, 'research', new Date(Date.UTC(2026, 0, 1)), { suffix: 'a' });
    const second = createRunDirectory(artifacts, 'research', new Date(Date.UTC(2026, 0, 2)), { suffix: 'b' });
    writeFileSync(join(second.dir, 'summary.json'), '{}');
    const latest = join(artifacts, 'research', 'latest');
    expect(lstatSync(latest).isSymbolicLink()).toBe(true);
    expect(readlinkSync(latest)).toBe(second.runId);
    expect(readFileSync(join(latest, 'summary.json'), 'utf8')).toBe('{}');
    expect(resolveLatest(artifacts, 'research')).toBe(second.dir);
  });

  it('can defer latest until the artifacts are complete', () => {
    const artifacts = root();
    const first = createRunDirectory(artifacts, 'wf', new Date(Date.UTC(2026, 0, 1)), { suffix: 'a' });
    const second = createRunDirectory(artifacts, 'wf', new Date(Date.UTC(2026, 0, 2)), { suffix: 'b', linkLatest: false });
    expect(resolveLatest(artifacts, 'wf')).toBe(first.dir);
    linkLatest(second.dir);
    expect(resolveLatest(artifacts, 'wf')).toBe(second.dir);
  });

  it('resolves the text-file form of latest (the no-symlink fallback) and replaces it with a link on the next run', () => {
    const artifacts = root();
    const run = createRunDirectory(artifacts, 'rt', new Date(Date.UTC(2026, 0, 1)), { suffix: 'a', linkLatest: false });
    writeFileSync(join(artifacts, 'rt', 'latest'), run.runId + '\n');
    expect(resolveLatest(artifacts, 'rt')).toBe(run.dir);
    const next = createRunDirectory(artifacts, 'rt', new Date(Date.UTC(2026, 0, 2)), { suffix: 'b' });
    expect(lstatSync(join(artifacts, 'rt', 'latest')).isSymbolicLink()).toBe(true);
    expect(resolveLatest(artifacts, 'rt')).toBe(next.dir);
    expect(resolveLatest(artifacts, 'missing')).toBeUndefined();
  });

  it('refuses to clobber a real directory named latest, with a message that says what to do', () => {
    const artifacts = root();
    mkdirSync(join(artifacts, 'research', 'latest', 'keep'), { recursive: true });
    expect(() => createRunDirectory(artifacts, 'research', new Date(Date.UTC(2026, 0, 1)), { suffix: 'a' })).toThrow(/latest is a directory, not a link; remove it/);
    expect(existsSync(join(artifacts, 'research', 'latest', 'keep'))).toBe(true);
  });

  it('rejects app names and suffixes that would escape the artifacts directory', () => {
    const artifacts = root();
    expect(() => createRunDirectory(artifacts, '../x')).toThrow(/invalid app name/);
    expect(() => createRunDirectory(artifacts, 'latest')).toThrow(/invalid app name/);
    expect(() => createRunDirectory(artifacts, 'ok', new Date(), { suffix: 'a/b' })).toThrow(/suffix/);
  });
});
