// Node-only helpers (filesystem). Kept behind the "@mml/core/io" entry point so the domain
// vocabulary in "@mml/core" stays free of I/O.
export { writeFileAtomic } from './atomic-file';
export { JsonLinesWriter, repairJsonLines, readJsonLines } from './json-lines';
