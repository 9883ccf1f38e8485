import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@mml/core';
import { sharedDataDir } from './paths';

describe('sharedDataDir outside the repo', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mml-shared-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes MML_SHARED_DATA first, resolved against the working directory', () => {
    mkdirSync(join(root, 'shared', 'data'), { recursive: true });
    expect(sharedDataDir({ env: { MML_SHARED_DATA: '/elsewhere/data' }, from: [root] })).toBe('/elsewhere/data');
    expect(sharedDataDir({ env: { MML_SHARED_DATA: 'rel/data' }, from: [root] })).toBe(join(process.cwd(), 'rel', 'data'));
  });

  it('an empty MML_SHARED_DATA counts as unset', () => {
    mkdirSync(join(root, 'shared', 'data'), { recursive: true });
    expect(sharedDataDir({ env: { MML_SHARED_DATA: ' ' }, from: [root] })).toBe(join(root, 'shared', 'data'));
  });

  it('walks up from a project folder to a shared/data sibling, with no nx.json anywhere', () => {
    mkdirSync(join(root, 'shared', 'data'), { recursive: true });
    const notebookDir = join(root, 'my-research', 'notebooks');
    mkdirSync(notebookDir, { recursive: true });
    expect(sharedDataDir({ env: {}, from: [notebookDir] })).toBe(join(root, 'shared', 'data'));
  });

  it('tries each start in order: the nearest shared/data above the first start wins', () => {
    mkdirSync(join(root, 'a', 'shared', 'data'), { recursive: true });
    mkdirSync(join(root, 'b', 'shared', 'data'), { recursive: true });
    expect(sharedDataDir({ env: {}, from: [join(root, 'b'), join(root, 'a')] })).toBe(join(root, 'b', 'shared', 'data'));
    expect(sharedDataDir({ env: {}, from: [join(root, 'nothing-here'), join(root, 'a')] })).toBe(join(root, 'a', 'shared', 'data'));
  });

  it('a shared/data that is a file is not taken', () => {
    mkdirSync(join(root, 'shared'), { recursive: true });
    writeFileSync(join(root, 'shared', 'data'), 'not a directory');
    expect(() => sharedDataDir({ env: {}, from: [root] })).toThrow(ConfigError);
  });

  it('fails naming MML_SHARED_DATA and where it looked when nothing is found', () => {
    const lonely = join(root, 'project');
    mkdirSync(lonely);
    expect(() => sharedDataDir({ env: {}, from: [lonely] })).toThrow(`config "MML_SHARED_DATA": no shared data folder: set MML_SHARED_DATA=/path/to/shared/data (no shared/data directory above ${lonely})`);
  });

  it('by default finds the shared data beside the repository (the layout CI uses)', () => {
    const saved = process.env['MML_SHARED_DATA'];
    delete process.env['MML_SHARED_DATA'];
    try {
      expect(sharedDataDir()).toMatch(/shared[/\\]data$/);
    } finally {
      if (saved !== undefined) process.env['MML_SHARED_DATA'] = saved;
    }
  });
});
