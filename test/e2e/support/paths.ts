import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Environment variables through which the global setup hands the server to the specs. */
export const serverEnv = {
  url: 'KEYTRAIL_E2E_URL',
  caseDir: 'KEYTRAIL_E2E_CASE_DIR',
} as const;

export function serverUrl(): string {
  const url = process.env[serverEnv.url];
  if (!url) throw new Error('KEYTRAIL_E2E_URL is not set: the global setup did not run');
  return url;
}

/**
 * The CloudTrail bundle the browser spec adds: the generated samples once they exist, else the
 * repository's fixtures, else the read-only corpus.
 */
export function sampleBundle(): string {
  const candidates = [
    join(repoRoot, 'samples/cloudtrail'),
    join(repoRoot, 'test/fixtures/cloudtrail'),
    join(repoRoot, '../shared/corpus/aws-cloudtrail'),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`No CloudTrail bundle found in ${candidates.join(', ')}`);
  return found;
}
