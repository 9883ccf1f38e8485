import * as fs from 'node:fs';

/**
 * The synchronous file operations the writers use. Injectable so tests can simulate what a real
 * disk does when it fills up (short writes, then ENOSPC) without filling a disk.
 */
export type FileOps = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync' | 'mkdirSync' | 'ftruncateSync' | 'fstatSync'>;

export const nodeFileOps: FileOps = fs;
