import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  forgetCase,
  maxRecentCases,
  readRecentCases,
  recentCasesFile,
  rememberCase,
} from './recentCases.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keytrail-recent-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the recent cases list', () => {
  it('is empty when no file was written yet', async () => {
    expect(await readRecentCases(dir)).toEqual([]);
  });

  it('reads as empty when the file is damaged', async () => {
    await writeFile(path.join(dir, recentCasesFile), '{ not json');

    expect(await readRecentCases(dir)).toEqual([]);
  });

  it('drops entries that are not absolute case paths', async () => {
    const entries = [
      { path: 'relative.keytrail.duckdb', openedAt: '2025-01-01T00:00:00.000Z' },
      { path: '/cases/a.keytrail.duckdb', openedAt: '2025-01-02T00:00:00.000Z' },
      { path: 42, openedAt: 'x' },
    ];
    await writeFile(path.join(dir, recentCasesFile), JSON.stringify(entries));

    expect(await readRecentCases(dir)).toEqual([entries[1]]);
  });

  it('puts the latest case first and keeps each case once', async () => {
    await rememberCase(dir, '/cases/a.keytrail.duckdb', new Date('2025-03-01T10:00:00Z'));
    await rememberCase(dir, '/cases/b.keytrail.duckdb', new Date('2025-03-01T11:00:00Z'));
    await rememberCase(dir, '/cases/a.keytrail.duckdb', new Date('2025-03-01T12:00:00Z'));

    expect(await readRecentCases(dir)).toEqual([
      { path: '/cases/a.keytrail.duckdb', openedAt: '2025-03-01T12:00:00.000Z' },
      { path: '/cases/b.keytrail.duckdb', openedAt: '2025-03-01T11:00:00.000Z' },
    ]);
  });

  it('keeps at most ten cases, dropping the oldest', async () => {
    for (let i = 1; i <= 12; i += 1) {
      await rememberCase(dir, `/cases/c${i}.keytrail.duckdb`);
    }
    const paths = (await readRecentCases(dir)).map((entry) => entry.path);

    expect(maxRecentCases).toBe(10);
    expect(paths).toHaveLength(10);
    expect(paths[0]).toBe('/cases/c12.keytrail.duckdb');
    expect(paths[9]).toBe('/cases/c3.keytrail.duckdb');
  });

  it('forgets a case on request', async () => {
    await rememberCase(dir, '/cases/a.keytrail.duckdb');
    await rememberCase(dir, '/cases/b.keytrail.duckdb');

    await forgetCase(dir, '/cases/a.keytrail.duckdb');

    expect((await readRecentCases(dir)).map((entry) => entry.path)).toEqual([
      '/cases/b.keytrail.duckdb',
    ]);
  });

  it('creates the user-data folder and writes plain JSON', async () => {
    const nested = path.join(dir, 'not', 'yet');

    await rememberCase(nested, '/cases/a.keytrail.duckdb', new Date('2025-03-01T10:00:00Z'));

    expect(JSON.parse(await readFile(path.join(nested, recentCasesFile), 'utf8'))).toEqual([
      { path: '/cases/a.keytrail.duckdb', openedAt: '2025-03-01T10:00:00.000Z' },
    ]);
  });
});
