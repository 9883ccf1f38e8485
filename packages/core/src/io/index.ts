// Node-only helpers (filesystem). Kept behind the "@mml/core/io" entry point so the domain
// vocabulary in "@mml/core" stays free of I/O.
export { writeFileAtomic } from './atomic-file';
export { JsonLinesWriter, repairJsonLines, readJsonLines, inspectJsonLines, type JsonLinesInspection } from './json-lines';
export { writeAll } from './write-all';
export { nodeFileOps, type FileOps } from './file-ops';
export { acquireFileLock, type FileLock } from './file-lock';
