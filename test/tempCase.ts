import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CaseDb } from '../electron/engine/case/CaseDb.js';

export type Row = Record<string, string | null>;

export interface TempCase {
  /** The open case of the running test. */
  readonly db: CaseDb;
  /** Its temporary folder, removed after the test. */
  readonly dir: string;
}

/**
 * A new case file in a new temporary folder for each test (or one for the whole file with
 * `{ perFile: true }`), closed and removed afterwards.
 */
export function useTempCase(options: { perFile?: boolean } = {}): TempCase {
  let dir: string | undefined;
  let db: CaseDb | undefined;
  const [before, after] = options.perFile ? [beforeAll, afterAll] : [beforeEach, afterEach];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keytrail-test-'));
    db = await CaseDb.open(join(dir, 'case.keytrail.duckdb'), { create: true });
  });
  after(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get db() {
      if (!db) throw new Error('useTempCase: no case outside a test');
      return db;
    },
    get dir() {
      if (!dir) throw new Error('useTempCase: no folder outside a test');
      return dir;
    },
  };
}
