import type { DuckDBConnection } from '@duckdb/node-api';

interface Running {
  connection: DuckDBConnection;
  cancelled: boolean;
}

/**
 * The console queries running now, by the id their caller gave, so that one can be stopped:
 * each runs on a connection of its own, and cancelling interrupts that connection only.
 */
export class RunningQueries {
  private readonly byId = new Map<string, Running>();

  /** Register a run; a second run under an id that is still running is refused. */
  start(id: string, connection: DuckDBConnection): boolean {
    if (this.byId.has(id)) return false;
    this.byId.set(id, { connection, cancelled: false });
    return true;
  }

  finish(id: string): void {
    this.byId.delete(id);
  }

  /** Interrupt the run under `id`; false when none is running. */
  cancel(id: string): boolean {
    const running = this.byId.get(id);
    if (!running) return false;

    running.cancelled = true;
    running.connection.interrupt();
    return true;
  }

  wasCancelled(id: string): boolean {
    return this.byId.get(id)?.cancelled ?? false;
  }
}
