import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { CaseDb } from '../../electron/engine/case/CaseDb.js';
import { repoRoot, serverEnv } from '../e2e/support/paths.js';
import { signalGroup, stopProcessGroup } from '../e2e/support/stopProcessGroup.js';
import { waitForLine } from '../e2e/support/waitForLine.js';

export const perfEnv = {
  case: 'KEYTRAIL_PERF_CASE',
  node: 'KEYTRAIL_PERF_NODE',
  /** A file the server's log is written to, to read what each request cost it. */
  serverLog: 'KEYTRAIL_PERF_SERVER_LOG',
} as const;

const servingLine = /Keytrail is serving .* at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/**
 * Picks a node whose path is wide (the IAM user holding the most keys: each key and what it
 * touched join the path, up to the search's limit of 2,000 nodes), then serves the case. Without
 * KEYTRAIL_PERF_CASE it does nothing and the spec skips, saying why. The server leads a process
 * group of its own, which the teardown (or a failed start) stops and waits for, killing it if
 * SIGTERM is not enough; should the runner exit without a teardown, the group is killed then.
 */
export default async function perfSetup(): Promise<(() => Promise<void>) | undefined> {
  const path = process.env[perfEnv.case];
  if (!path) return undefined;
  if (!existsSync(path)) throw new Error(`${perfEnv.case}=${path}: no such case file`);
  if (!path.endsWith('.keytrail.duckdb')) {
    throw new Error(`${perfEnv.case}=${path}: a case file's name ends in .keytrail.duckdb`);
  }

  if (!process.env[perfEnv.node]) {
    const db = await CaseDb.open(path);
    const widest = await db.one<{ node: string }>(
      `SELECT from_id AS node FROM links
       WHERE kind = 'holds' AND starts_with(from_id, 'aws:user:')
       GROUP BY from_id ORDER BY count(*) DESC, from_id LIMIT 1`,
    );
    db.close();
    if (!widest) throw new Error(`${path} has no user with keys to draw a wide path from`);
    process.env[perfEnv.node] = widest.node;
  }

  const child = spawn(process.execPath, ['bin/keytrail.js', 'serve', path, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  const killOnExit = () => {
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      signalGroup(pid, 'SIGKILL');
    }
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    await stopProcessGroup(child);
    process.off('exit', killOnExit);
  };

  let stderr = '';
  const logTo = process.env[perfEnv.serverLog];
  if (logTo) writeFileSync(logTo, '');
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    if (logTo) appendFileSync(logTo, chunk);
  });
  const match = await waitForLine(child, servingLine, 300_000).catch(async (cause: Error) => {
    await stop();
    throw new Error(`keytrail serve did not start: ${cause.message}\n${stderr}`, { cause });
  });
  process.env[serverEnv.url] = match[1];

  return stop;
}
