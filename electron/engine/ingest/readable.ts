import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { KeytrailError } from '../KeytrailError.js';

/** Every path given exists and can be read, or a clear error naming the first that cannot. */
export async function checkReadable(paths: string[]): Promise<void> {
  for (const path of paths) {
    try {
      await access(path, constants.R_OK);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new KeytrailError(
          'evidence_not_found',
          `Failed to add evidence ${path}: no such file or folder`,
          undefined,
          { cause },
        );
      }
      throw new KeytrailError(
        'evidence_unreadable',
        `Failed to add evidence ${path}: ${(cause as Error).message}`,
        undefined,
        { cause },
      );
    }
  }
}
