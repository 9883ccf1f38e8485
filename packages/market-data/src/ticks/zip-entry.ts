import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { DataError } from '@mml/core';

/**
 * A minimal streaming reader for the single-entry zip archives Binance's public data site ships
 * (`BTCUSDT-trades-2024-08-08.zip` holding one CSV): the end-of-central-directory record gives the
 * entry's method, sizes, CRC-32 and offset; the entry's bytes are streamed through inflateRaw
 * (method 8) or as stored (method 0), and the CRC-32 and size are checked at the end, so a damaged
 * archive fails with a DataError instead of yielding silently wrong rows. No dependency beyond
 * node:zlib. Not supported (DataError): several entries, encryption, zip64, other methods.
 */
export async function openZipEntry(path: string): Promise<{ name: string; stream: Readable }> {
  const fail = (message: string): never => {
    throw new DataError({ source: path }, `zip: ${message}`);
  };
  const handle = await open(path, 'r');
  let entry: { name: string; method: number; flags: number; crc: number; compressed: number; size: number; dataStart: number };
  try {
    const { size: fileSize } = await handle.stat();
    const tailLength = Math.min(fileSize, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, fileSize - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) fail('no end-of-central-directory record (not a zip, or truncated)');
    const entries = tail.readUInt16LE(eocd + 10);
    if (entries !== 1) fail(`expected a single entry, found ${entries}`);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) fail('zip64 archives are not supported');
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    if (cd.length < 46 || cd.readUInt32LE(0) !== 0x02014b50) fail('bad central directory entry');
    const flags = cd.readUInt16LE(8);
    const method = cd.readUInt16LE(10);
    const crc = cd.readUInt32LE(16);
    const compressed = cd.readUInt32LE(20);
    const size = cd.readUInt32LE(24);
    const nameLength = cd.readUInt16LE(28);
    const localOffset = cd.readUInt32LE(42);
    const name = cd.toString('utf8', 46, 46 + nameLength);
    if (flags & 1) fail('encrypted entries are not supported');
    if (method !== 0 && method !== 8) fail(`compression method ${method} is not supported (only stored and deflate)`);
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, localOffset);
    if (local.readUInt32LE(0) !== 0x04034b50) fail('bad local file header');
    const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + compressed > fileSize) fail('entry extends past the end of the file (truncated)');
    entry = { name, method, flags, crc, compressed, size, dataStart };
  } finally {
    await handle.close();
  }
  const raw = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressed - 1 });
  let crc = 0;
  let length = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc);
      length += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      if (length !== entry.size) done(new DataError({ source: path }, `zip: entry ${entry.name} inflated to ${length} bytes, expected ${entry.size} (corrupt)`));
      else if (crc >>> 0 !== entry.crc >>> 0) done(new DataError({ source: path }, `zip: entry ${entry.name} fails its CRC-32 check (corrupt)`));
      else done();
    },
  });
  const forward = (error: Error) => check.destroy(error instanceof DataError ? error : new DataError({ source: path }, `zip: cannot inflate ${entry.name} (${error.message})`));
  if (entry.method === 8) {
    const inflate = createInflateRaw();
    raw.on('error', forward);
    inflate.on('error', forward);
    raw.pipe(inflate).pipe(check);
  } else {
    raw.on('error', forward);
    raw.pipe(check);
  }
  return { name: entry.name, stream: check };
}
