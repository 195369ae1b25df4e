import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, posix, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';

/** One member of an archive: written under the extraction folder, or refused with a reason. */
export interface ArchiveMember {
  /** The member's path as the archive names it (forward slashes). */
  name: string;
  /** Where it was written; absent when refused. */
  file?: string;
  refused?: { reason: string; size: number; sha256: string };
}

/**
 * The path a member may be written to, or null when its name would leave `root`: absolute names,
 * drive letters and `..` segments are refused, whatever the archive format.
 */
export function safeMemberPath(root: string, name: string): string | null {
  const unified = name.replace(/\\/g, '/');
  if (unified === '' || unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return null;
  if (unified.split('/').some((part) => part === '..')) return null;
  const target = resolve(root, posix.normalize(unified));
  const rel = relative(root, target);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? null : target;
}

/** Hash a member that will not be written, so that its row still names its content. */
async function hashOnly(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

async function writeMember(stream: Readable, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
}

/** Extract a zip into `root`, one entry at a time, refusing entries whose path escapes it. */
export async function extractZip(archive: string, root: string): Promise<ArchiveMember[]> {
  // decodeStrings: false stops yauzl from aborting the whole archive on one bad name: each name is
  // checked here instead, and only that member is refused.
  const zip = await yauzl.openPromise(archive, { lazyEntries: true, decodeStrings: false });
  const members: ArchiveMember[] = [];
  try {
    for (;;) {
      zip.readEntry();
      const [entry] = (await Promise.race([once(zip, 'entry'), once(zip, 'end')])) as [
        yauzl.Entry | undefined,
      ];
      if (!entry) break;
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      if (name.endsWith('/')) continue;

      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      const stream = await zip.openReadStreamPromise(entry);
      const target = safeMemberPath(root, name);
      if (mode === 0o120000) {
        members.push({
          name,
          refused: {
            reason: 'symbolic link in archive (not followed)',
            ...(await hashOnly(stream)),
          },
        });
      } else if (!target) {
        members.push({
          name,
          refused: {
            reason: 'member path escapes the archive (refused)',
            ...(await hashOnly(stream)),
          },
        });
      } else {
        await writeMember(stream, target);
        members.push({ name, file: target });
      }
    }
  } finally {
    zip.close();
  }
  return members;
}

/** Extract a tar (gzipped or not) into `root`, refusing links and escaping paths. */
export async function extractTar(archive: string, root: string): Promise<ArchiveMember[]> {
  const members: ArchiveMember[] = [];
  const pending: Promise<void>[] = [];

  await tar.t({
    file: archive,
    noResume: true,
    onReadEntry: (entry) => {
      const name = entry.path;
      if (entry.type === 'Directory') {
        entry.resume();
        return;
      }
      const target = safeMemberPath(root, name);
      const member: ArchiveMember = { name };
      members.push(member);
      const stream = entry as unknown as Readable;
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
        pending.push(
          hashOnly(stream).then(
            (h) =>
              void (member.refused = { reason: `${entry.type} in archive (not followed)`, ...h }),
          ),
        );
      } else if (!target) {
        pending.push(
          hashOnly(stream).then(
            (h) =>
              void (member.refused = { reason: 'member path escapes the archive (refused)', ...h }),
          ),
        );
      } else {
        member.file = target;
        pending.push(writeMember(stream, target));
      }
    },
  });
  await Promise.all(pending);
  return members;
}
