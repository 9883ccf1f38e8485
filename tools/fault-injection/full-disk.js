'use strict';
// Preload that makes one directory behave like a disk that fills up, for end-to-end tests of the
// BUILT CLIs without a real full disk (no mount, no root):
//
//   MML_FULL_DISK_DIR=/tmp/x MML_FULL_DISK_BYTES=2000 node -r tools/fault-injection/full-disk.js app.js ...
//
// Files opened under MML_FULL_DISK_DIR share a budget of MML_FULL_DISK_BYTES bytes. A write that
// crosses it is cut short (as write(2) does on a filling disk) and the next write throws ENOSPC.
// Everything else is untouched. Patches fs.openSync/closeSync/writeSync, which the writers of
// @mml/core/io use; Node built-ins only.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.MML_FULL_DISK_DIR ? path.resolve(process.env.MML_FULL_DISK_DIR) : undefined;
let budget = Number(process.env.MML_FULL_DISK_BYTES ?? 0);

if (dir !== undefined) {
  const watched = new Set();
  const { openSync, closeSync, writeSync } = fs;
  fs.openSync = function (file, ...rest) {
    const fd = openSync.call(fs, file, ...rest);
    if (typeof file === 'string' && path.resolve(file).startsWith(dir + path.sep)) watched.add(fd);
    return fd;
  };
  fs.closeSync = function (fd) {
    watched.delete(fd);
    return closeSync.call(fs, fd);
  };
  fs.writeSync = function (fd, buffer, ...rest) {
    if (!watched.has(fd)) return writeSync.call(fs, fd, buffer, ...rest);
    const data = typeof buffer === 'string' ? Buffer.from(buffer, typeof rest[1] === 'string' ? rest[1] : 'utf8') : buffer;
    const offset = typeof buffer === 'string' ? 0 : (rest[0] ?? 0);
    const length = typeof buffer === 'string' ? data.length : (rest[1] ?? data.length - offset);
    if (budget <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const n = Math.min(length, budget);
    budget -= n;
    return writeSync.call(fs, fd, data, offset, n);
  };
}
