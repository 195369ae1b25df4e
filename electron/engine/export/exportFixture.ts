import { listValue } from '@duckdb/node-api';
import type { CaseDb } from '../case/CaseDb.js';
import { eid } from '../graph/fixtureCase.js';

/**
 * The findings (schema v3) and annotations (schema v4) tables exactly as their owners define
 * them, made by hand so that export tests can run before those migrations exist in this branch;
 * where the migrations made them already, they are left as they are.
 */
export async function addFindingsTable(db: CaseDb): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS findings (finding_id TEXT PRIMARY KEY, rule_id TEXT NOT NULL,
    title TEXT NOT NULL, severity TEXT NOT NULL, technique TEXT, summary TEXT NOT NULL,
    first_time TIMESTAMPTZ, last_time TIMESTAMPTZ, node_ids TEXT[] NOT NULL,
    link_ids TEXT[] NOT NULL, event_ids TEXT[] NOT NULL)`);
}

export async function addAnnotationTables(db: CaseDb): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS annotations (annotation_id TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL, target_id TEXT NOT NULL, tags TEXT[] NOT NULL, note TEXT,
    severity TEXT, starred BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (target_kind, target_id))`);
  await db.run(`CREATE TABLE IF NOT EXISTS annotation_log (seq BIGINT PRIMARY KEY, "at" TIMESTAMPTZ NOT NULL,
    target_kind TEXT NOT NULL, target_id TEXT NOT NULL, change TEXT NOT NULL)`);
}

/** Star and tag the fixture event `name`, with a note, and log the change. */
export async function annotateEvent(
  db: CaseDb,
  name: string,
  mark: { tags: string[]; note: string | null; starred: boolean; seq: number },
): Promise<void> {
  await db.run(
    `INSERT INTO annotations VALUES ($id, 'event', $target, $tags, $note, NULL, $starred,
      TIMESTAMPTZ '2024-02-01 12:00:00+00')`,
    {
      id: `a-${name}`,
      target: eid(name),
      tags: listValue(mark.tags),
      note: mark.note,
      starred: mark.starred,
    },
  );
  await db.run(
    `INSERT INTO annotation_log VALUES ($seq, TIMESTAMPTZ '2024-02-01 12:00:00+00', 'event',
      $target, $change)`,
    { seq: mark.seq, target: eid(name), change: JSON.stringify(mark) },
  );
}
