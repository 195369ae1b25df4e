import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KeytrailError } from '../KeytrailError.js';

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Refuse an output path that would overwrite the case itself, land in a missing folder, write
 * through a symbolic link, or replace a folder with a file (or, for Parquet, a file with a folder).
 */
export function checkOutPath(
  out: string,
  casePath: string,
  what: string,
  kind: 'file' | 'folder' = 'file',
): string {
  const target = resolve(out);
  // lstat, not exists: a dangling link does not "exist", and it is a link all the same.
  const existing = lstatSync(target, { throwIfNoEntry: false }) ?? null;
  const refuse = (reason: string) => {
    throw new KeytrailError('export_failed', `Failed to export ${what}: ${target} ${reason}`);
  };
  if (existing?.isSymbolicLink()) refuse('is a symbolic link');
  if (existing && kind === 'file' && !existing.isFile()) refuse('exists and is not a file');
  if (existing && kind === 'folder' && !existing.isDirectory())
    refuse('exists and is not a folder');
  if (target === resolve(casePath) || target.startsWith(`${resolve(casePath)}.`)) {
    throw new KeytrailError(
      'export_failed',
      `Failed to export ${what}: ${target} is the case file or one of its companions`,
    );
  }
  if (!existsSync(dirname(target))) {
    throw new KeytrailError(
      'export_failed',
      `Failed to export ${what}: the folder ${dirname(target)} does not exist`,
    );
  }
  return target;
}

/**
 * Write `out` through a sibling `.partial` file renamed at the end, so that a failed or
 * interrupted export never leaves a half file under the name asked for.
 */
export async function writeAtomically(
  out: string,
  what: string,
  write: (partialPath: string) => Promise<void>,
): Promise<WrittenFile> {
  const partial = `${out}.partial`;
  try {
    await write(partial);
    await rename(partial, out);
  } catch (cause) {
    await rm(partial, { force: true });
    if (cause instanceof KeytrailError) throw cause;
    throw new KeytrailError(
      'export_failed',
      `Failed to export ${what} to ${out}: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
  return { path: out, bytes: (await stat(out)).size, sha256: await sha256File(out) };
}
