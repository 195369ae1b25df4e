import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { FileHead } from '../sources/types.js';

/** How much of a file detection looks at. */
const HEAD_BYTES = 64 * 1024;

export interface HashedFile {
  sha256: string;
  size: number;
  head: FileHead;
  /** True when the decompressed head is a tar archive (a `.tar.gz` whatever its name). */
  tarInGzip: boolean;
  /** Magic-byte kind of the raw bytes: `zip`, `gzip` or null. */
  magic: 'zip' | 'gzip' | null;
}

/**
 * Hash a file with SHA-256 in one streaming pass, keeping only its first bytes for detection.
 * The file is opened read-only and never held whole in memory.
 */
export async function hashFile(file: string, name: string): Promise<HashedFile> {
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;

  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    size += buf.length;
    if (headLength < HEAD_BYTES) {
      headChunks.push(buf.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(buf.length, HEAD_BYTES - headLength);
    }
  }

  const raw = Buffer.concat(headChunks);
  const magic = magicOf(raw);
  const gzip = magic === 'gzip';
  const content = gzip ? await gunzipHead(raw) : raw;
  const complete = !gzip && size <= HEAD_BYTES;
  const tarInGzip = gzip && isTar(content);
  const bytes = content.subarray(0, HEAD_BYTES);
  const text = bytes.toString('utf8');
  const head = { name, bytes, text, gzip, complete, size };
  return { sha256: hash.digest('hex'), size, head, tarInGzip, magic };
}

export function magicOf(bytes: Buffer): 'zip' | 'gzip' | null {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'zip';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  return null;
}

/** A POSIX tar header carries `ustar` at offset 257. */
export function isTar(bytes: Buffer): boolean {
  return bytes.length >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar';
}

/** Decompress as much of a gzip prefix as it allows; a cut stream yields what it has. */
async function gunzipHead(prefix: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let length = 0;
    const gunzip = createGunzip();
    const done = () => resolve(Buffer.concat(out));
    gunzip.on('data', (chunk: Buffer) => {
      out.push(chunk);
      length += chunk.length;
      if (length >= HEAD_BYTES) {
        gunzip.removeAllListeners();
        gunzip.destroy();
        done();
      }
    });
    gunzip.on('error', done);
    gunzip.on('end', done);
    gunzip.end(prefix);
  });
}
