import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serverEnv } from './paths.js';
import { waitForLine } from './waitForLine.js';

const servingLine = /Keytrail is serving .* at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/**
 * Starts `keytrail serve` on a fresh case and a free port, hands its URL to the specs through
 * the environment, and returns the teardown that stops it and removes the case. Set
 * KEYTRAIL_E2E_URL to the URL of a running `keytrail serve` (on an empty case) to use it instead.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  // A server already running (for instance while working on the window) may be named instead.
  if (process.env[serverEnv.url]) return undefined;

  for (const built of ['dist/electron/cli/keytrail.js', 'dist/renderer/index.html']) {
    if (!existsSync(join(repoRoot, built))) {
      throw new Error(`${built} is missing: run \`npm run build\` before the end-to-end tests`);
    }
  }

  const caseDir = mkdtempSync(join(tmpdir(), 'keytrail-e2e-'));
  const casePath = join(caseDir, 'e2e.keytrail.duckdb');
  const child = spawn(process.execPath, ['bin/keytrail.js', 'serve', casePath, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  try {
    const match = await waitForLine(child, servingLine, 60_000);
    process.env[serverEnv.url] = match[1];
    process.env[serverEnv.caseDir] = caseDir;
  } catch (cause) {
    child.kill('SIGTERM');
    throw new Error(`keytrail serve did not start: ${(cause as Error).message}\n${stderr}`, {
      cause,
    });
  }

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(caseDir, { recursive: true, force: true });
  };
}
