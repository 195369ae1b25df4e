import { setTimeout as sleep } from 'node:timers/promises';
import { KeytrailError } from '../KeytrailError.js';
import type { CaseDb } from './CaseDb.js';

/**
 * Requests on one lane of which only the newest answer is wanted, such as the count of the list
 * the window shows. A newer request stops the queries an older one is still running, then runs:
 * a count of ten million rows that nobody will read would otherwise hold DuckDB's threads while
 * the new list's rows wait behind it. The older request fails with `query_cancelled`, and so does
 * one still waiting when a newer one comes. One request runs at a time.
 */
export class LatestOnly {
  private newest = 0;
  private running = false;

  constructor(private readonly verb: string) {}

  async run<T>(lane: CaseDb, work: (lane: CaseDb) => Promise<T>): Promise<T> {
    const mine = ++this.newest;
    // An interrupt reaches only the query running at that moment, and an older request may run
    // several in turn: interrupt until it has given up. The lane runs one query at a time, so
    // this request would have waited for it anyway.
    while (this.running) {
      if (mine !== this.newest) throw this.replaced();
      lane.connection.interrupt();
      await sleep(10);
    }
    if (mine !== this.newest) throw this.replaced();

    this.running = true;
    try {
      return await work(lane);
    } catch (error) {
      if (mine === this.newest) throw error;
      throw this.replaced(error);
    } finally {
      this.running = false;
    }
  }

  private replaced(cause?: unknown): KeytrailError {
    return new KeytrailError(
      'query_cancelled',
      `Failed to ${this.verb}: a newer request took its place`,
      undefined,
      { cause },
    );
  }
}
