import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KeytrailError } from '../engine/KeytrailError.js';

export const uploadLimit = 4 * 1024 ** 3;

/** A file name safe to write: no directories, no leading dots, only plain characters. */
export function sanitiseName(name: string): string {
  const plain = basename(name.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 200);
  return plain || 'upload';
}

/**
 * Stream an uploaded file into `<case>.uploads/<timestamp>-<name>` beside the case, so that
 * browser mode can add evidence the server can then read by path. The partial file is removed
 * when the upload fails or grows past the limit.
 */
export async function receiveUpload(
  request: IncomingMessage,
  casePath: string,
  name: string,
  limit = uploadLimit,
): Promise<{ path: string }> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    throw new KeytrailError('bad_request', `Failed to upload ${name}: larger than ${limit} bytes`);
  }

  const dir = `${casePath}.uploads`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${sanitiseName(name)}`);

  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) done(new Error(`larger than ${limit} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(request, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (cause) {
    await rm(path, { force: true });
    throw new KeytrailError(
      'bad_request',
      `Failed to upload ${sanitiseName(name)}: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
  return { path };
}
