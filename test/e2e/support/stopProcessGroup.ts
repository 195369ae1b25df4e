import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** True once the child has exited by itself or by a signal. */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Sends `signal` to the process group led by `pid`; a group already gone is no error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops a child spawned with `detached: true`, the leader of a process group of its own, with
 * everything in that group: SIGTERM first, SIGKILL if the child has not exited `graceMs` later
 * (a server busy in a long DuckDB query on a large case may not get to its SIGTERM handler).
 * Resolves once the child has exited, so that no server outlives the run that started it.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || ended(child)) return;

  const exited = new Promise<true>((resolve) => child.once('exit', () => resolve(true)));
  const grace = new AbortController();
  signalGroup(pid, 'SIGTERM');
  const stopped = await Promise.race([
    exited,
    sleep(graceMs, false, { signal: grace.signal }).catch(() => false),
  ]);
  grace.abort();

  if (!stopped) {
    signalGroup(pid, 'SIGKILL');
    await exited;
  }
}
