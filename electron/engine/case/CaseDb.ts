import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CaseSettings } from '../../../shared/model.js';
import { KeytrailError } from '../KeytrailError.js';
import { childLogger } from '../log.js';
import { migrations, SCHEMA_VERSION } from './schema.js';

const log = childLogger('case');

export type Params = Record<string, DuckDBValue> | DuckDBValue[];

export const defaultSettings: CaseSettings = {
  clockSkewSeconds: 300,
  toolSpanMarginSeconds: 2,
  secretUseWindowSeconds: 600,
  flowWindowSeconds: 60,
  reviewWindowSeconds: 900,
};

/**
 * One open case: a DuckDB database file. Rows come back as JSON-safe objects (64-bit integers and
 * timestamps as strings), so that no value loses precision on its way to the UI.
 */
/**
 * A join on up to this many keys filters the scan of its other side by those keys (DuckDB's
 * default is 50), so a path search step reads only the row groups that hold its frontier.
 */
export const joinFilterKeys = 1000;

export class CaseDb {
  readonly path: string;
  private readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;

  /** The case this connection reads: itself, or the case a lane belongs to. */
  get base(): CaseDb {
    return this.root ?? this;
  }

  /** The case on other connections of the same database, by name (see `lane`). */
  private readonly lanes = new Map<string, Promise<CaseDb>>();
  private readonly openLanes = new Set<CaseDb>();
  private closed = false;

  private constructor(
    path: string,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    private readonly owner = true,
    /** The case a lane belongs to, which opens (and closes) every lane. */
    private readonly root?: CaseDb,
  ) {
    this.path = path;
    this.instance = instance;
    this.connection = connection;
  }

  /**
   * The same case on a connection of its own, named by what it serves. DuckDB runs one query a
   * connection at a time and queries of two connections side by side, so a count of millions of
   * events or a page of the inventory there does not hold up the timeline's pages here. Closed
   * with this one. A lane's lanes are the case's, so one name is one connection however it is
   * reached.
   */
  lane(name: string): Promise<CaseDb> {
    if (this.root) return this.root.lane(name);
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = this.instance.connect().then(async (connection) => {
        const db = new CaseDb(this.path, this.instance, connection, false, this);
        if (this.closed) db.close();
        else this.openLanes.add(db);
        await db.run(`SET TimeZone = 'UTC'`);
        return db;
      });
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** Open a case file, creating and migrating it as needed. */
  static async open(path: string, options: { create?: boolean } = {}): Promise<CaseDb> {
    if (!options.create && !existsSync(path)) {
      throw new KeytrailError('case_open_failed', `Failed to open case ${path}: no such file`);
    }
    if (!existsSync(dirname(path))) {
      throw new KeytrailError(
        'case_open_failed',
        `Failed to open case ${path}: the folder ${dirname(path)} does not exist`,
      );
    }

    let instance: DuckDBInstance;
    try {
      // A case never loads extensions from the network: only the built-in ones exist here.
      instance = await DuckDBInstance.create(path, {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'true',
        memory_limit: process.env.KEYTRAIL_MEMORY_LIMIT ?? '8GB',
        dynamic_or_filter_threshold: String(joinFilterKeys),
        // A path's links may have many thousand records; an index still finds them faster than
        // a scan of every link's (DuckDB's default gives up on an index beyond 2,048 rows).
        index_scan_max_count: '100000',
      });
    } catch (cause) {
      throw new KeytrailError(
        'case_open_failed',
        `Failed to open case ${path}: ${(cause as Error).message}`,
        undefined,
        { cause },
      );
    }

    const db = new CaseDb(path, instance, await instance.connect());
    await db.migrate();
    await db.run(`SET TimeZone = 'UTC'`);
    return db;
  }

  /** A second connection on the same database, for work that runs beside another query. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain objects with JSON-safe values. */
  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  async one<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /** Run `work` in one transaction; it is rolled back if `work` throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK');
      throw error;
    }
  }

  async settings(): Promise<CaseSettings> {
    const row = await this.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'settings'`);
    return row
      ? { ...defaultSettings, ...(JSON.parse(row.value) as Partial<CaseSettings>) }
      : defaultSettings;
  }

  async createdAt(): Promise<string> {
    const row = await this.one<{ value: string }>(
      `SELECT value FROM meta WHERE key = 'created_at'`,
    );
    return row?.value ?? '';
  }

  /** Close the case; a lane closes only its own connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owner) {
      for (const lane of this.openLanes) lane.close();
      this.openLanes.clear();
    }
    this.connection.closeSync();
    if (this.owner) this.instance.closeSync();
  }

  private async schemaVersion(): Promise<number> {
    const table = await this.one<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'meta'`,
    );
    if (!table || Number(table.n) === 0) return 0;
    const row = await this.one<{ value: string }>(
      `SELECT value FROM meta WHERE key = 'schema_version'`,
    );
    return row ? Number(row.value) : 0;
  }

  private async migrate(): Promise<void> {
    const current = await this.schemaVersion();
    if (current > SCHEMA_VERSION) {
      throw new KeytrailError(
        'case_schema_newer',
        `Failed to open case ${this.path}: schema version ${current} is newer than ${SCHEMA_VERSION}`,
      );
    }

    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await this.transaction(async () => {
        for (const statement of migrations[version] ?? []) await this.run(statement);
        await this.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', $v)`, {
          v: String(version),
        });
        if (version === 1) {
          await this.run(`INSERT INTO meta VALUES ('created_at', $t)`, {
            t: new Date().toISOString(),
          });
          await this.run(`INSERT INTO meta VALUES ('settings', $s)`, {
            s: JSON.stringify(defaultSettings),
          });
        }
      });
      log.info({ path: this.path, version }, 'migrated case');
    }
  }
}
