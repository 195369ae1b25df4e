import { randomBytes } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractTar, extractZip } from './archives.js';
import { isTar, magicOf } from './fileHead.js';

/** One file of a bundle, ready to hash and load. */
export interface Member {
  /** The folder, archive or file the investigator added. */
  bundle: string;
  /** Path inside the bundle, forward slashes. */
  path: string;
  /** Where to read it; absent when the member was refused. */
  file?: string;
  /** Why the member could not be taken (escaping path, unreadable archive...). */
  refused?: { reason: string; size: number; sha256: string };
}

/** Archives inside archives are opened too, this deep. */
const MAX_DEPTH = 3;

/**
 * Expand each added path into the files it holds. Folders are walked; zip and tar archives
 * (gzipped or not, recognised by content) are extracted under `tmpRoot`, which intake removes
 * afterwards; any other file is read where it is and never written to.
 */
export async function collectMembers(paths: string[], tmpRoot: string): Promise<Member[]> {
  const members: Member[] = [];
  for (const input of paths) {
    const info = await stat(input);
    if (info.isDirectory()) {
      for (const file of await walk(input)) {
        const path = relative(input, file).split(sep).join('/');
        members.push(...(await expand(input, path, file, tmpRoot, 0)));
      }
    } else {
      members.push(...(await expand(input, basename(input), input, tmpRoot, 0)));
    }
  }
  return members;
}

async function expand(
  bundle: string,
  path: string,
  file: string,
  tmpRoot: string,
  depth: number,
): Promise<Member[]> {
  const kind = depth < MAX_DEPTH ? await archiveKind(file) : null;
  if (!kind) return [{ bundle, path, file }];

  const root = join(tmpRoot, randomBytes(8).toString('hex'));
  let extracted;
  try {
    extracted = kind === 'zip' ? await extractZip(file, root) : await extractTar(file, root);
  } catch (error) {
    const size = (await stat(file)).size;
    const reason = `Failed to open ${kind} archive: ${(error as Error).message}`;
    return [{ bundle, path, file, refused: { reason, size, sha256: '' } }];
  }

  const members: Member[] = [];
  for (const member of extracted) {
    const inner = `${path}/${member.name.replace(/\\/g, '/')}`;
    if (member.refused || !member.file) {
      members.push({ bundle, path: inner, refused: member.refused });
    } else {
      members.push(...(await expand(bundle, inner, member.file, tmpRoot, depth + 1)));
    }
  }
  return members;
}

/** Zip by its magic; tar by `ustar` at offset 257, also inside gzip. */
async function archiveKind(file: string): Promise<'zip' | 'tar' | null> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const magic = magicOf(bytes);
    if (magic === 'zip') return 'zip';
    if (magic === 'gzip') return isTar(gunzipPrefix(bytes)) ? 'tar' : null;
    return isTar(bytes) ? 'tar' : null;
  } finally {
    await handle.close();
  }
}

function gunzipPrefix(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a cut stream */ });
  } catch {
    return Buffer.alloc(0);
  }
}

/** Every regular file under a folder, in a stable order; links are not followed. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
