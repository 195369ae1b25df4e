import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The recently opened cases, newest first, kept in `recent-cases.json` in the app's user-data
 * folder. A missing or damaged file reads as an empty list: losing the list must never stop the
 * app from starting.
 */

export interface RecentCase {
  path: string;
  openedAt: string;
}

export const recentCasesFile = 'recent-cases.json';
export const maxRecentCases = 10;

function isRecentCase(value: unknown): value is RecentCase {
  const entry = value as Partial<RecentCase> | null;

  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.path === 'string' &&
    path.isAbsolute(entry.path) &&
    typeof entry.openedAt === 'string'
  );
}

export async function readRecentCases(userData: string): Promise<RecentCase[]> {
  let text: string;
  try {
    text = await readFile(path.join(userData, recentCasesFile), 'utf8');
  } catch {
    return [];
  }

  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isRecentCase).slice(0, maxRecentCases) : [];
  } catch {
    return [];
  }
}

/** Puts `casePath` first (once), keeps at most `maxRecentCases`, and writes the file atomically. */
export async function rememberCase(
  userData: string,
  casePath: string,
  now: Date = new Date(),
): Promise<RecentCase[]> {
  const previous = await readRecentCases(userData);
  const entry = { path: casePath, openedAt: now.toISOString() };
  const next = [entry, ...previous.filter((c) => c.path !== casePath)].slice(0, maxRecentCases);

  await writeRecentCases(userData, next);
  return next;
}

export async function forgetCase(userData: string, casePath: string): Promise<RecentCase[]> {
  const next = (await readRecentCases(userData)).filter((c) => c.path !== casePath);

  await writeRecentCases(userData, next);
  return next;
}

async function writeRecentCases(userData: string, cases: RecentCase[]): Promise<void> {
  const file = path.join(userData, recentCasesFile);
  const temporary = `${file}.${process.pid}.tmp`;

  await mkdir(userData, { recursive: true });
  await writeFile(temporary, `${JSON.stringify(cases, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}
