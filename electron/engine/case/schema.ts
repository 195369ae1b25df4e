/**
 * The case file's schema. docs/case-format.md describes it for people who open a case with
 * DuckDB themselves; keep the two in step. Each migration moves a case from version N-1 to N and
 * runs in one transaction; `meta.schema_version` says where a case stands.
 */

import { createGraphTable, graphIndexes } from '../graph/graphTables.js';

export const SCHEMA_VERSION = 5;

/**
 * SQL: the record key of an event row of `table`, a hash of its source and its record minified,
 * so that the same record laid out differently by two exports still matches.
 */
export function recordKeySql(table: string): string {
  return `hash(${table}.source || chr(0) || json(${table}.raw)::VARCHAR)`;
}

export const migrations: Record<number, string[]> = {
  1: [
    `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,

    `CREATE TABLE evidence (
      evidence_id TEXT PRIMARY KEY,
      bundle TEXT NOT NULL,
      path TEXT NOT NULL,
      size BIGINT NOT NULL,
      sha256 TEXT NOT NULL,
      format TEXT,
      layout TEXT,
      status TEXT NOT NULL,
      records_read BIGINT NOT NULL DEFAULT 0,
      records_rejected BIGINT NOT NULL DEFAULT 0,
      first_error TEXT,
      skip_reason TEXT,
      added_at TIMESTAMPTZ NOT NULL
    )`,

    // No primary key: an ART index would slow bulk inserts several fold. Uniqueness of
    // event_id follows from (evidence sha256, record_no) and evidence being added once.
    `CREATE TABLE events (
      event_id TEXT NOT NULL,
      evidence_id TEXT NOT NULL,
      record_no BIGINT NOT NULL,
      time TIMESTAMPTZ,
      time_raw TEXT,
      source TEXT NOT NULL,
      category TEXT NOT NULL,
      action TEXT,
      outcome TEXT NOT NULL,
      error_code TEXT,
      error_message TEXT,
      actor TEXT,
      actor_kind TEXT,
      actor_display TEXT,
      actor_role TEXT,
      credential TEXT,
      issued TEXT,
      target TEXT,
      target_display TEXT,
      src_ip TEXT,
      user_agent TEXT,
      account TEXT,
      region TEXT,
      trace_id TEXT,
      span_id TEXT,
      parent_span_id TEXT,
      call_id TEXT,
      raw JSON NOT NULL
    )`,

    // Links a source's rules draw from one record, beyond what the event columns say
    // (a role session issued alongside a key, the role it belongs to...).
    `CREATE TABLE source_links (
      event_id TEXT NOT NULL,
      from_id TEXT NOT NULL,
      to_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      proof TEXT NOT NULL,
      reason TEXT NOT NULL,
      score DOUBLE NOT NULL
    )`,

    // Derived: rebuilt from events and source_links after every ingest.
    `CREATE TABLE link_evidence (
      link_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      time TIMESTAMPTZ,
      call_id TEXT
    )`,

    `CREATE TABLE links (
      link_id TEXT PRIMARY KEY,
      from_id TEXT NOT NULL,
      to_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      proof TEXT NOT NULL,
      reason TEXT NOT NULL,
      score DOUBLE NOT NULL,
      first_time TIMESTAMPTZ,
      last_time TIMESTAMPTZ,
      call_count BIGINT NOT NULL,
      evidence_count BIGINT NOT NULL,
      failure_count BIGINT NOT NULL
    )`,

    `CREATE TABLE nodes (
      node_id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      label TEXT NOT NULL,
      first_time TIMESTAMPTZ,
      last_time TIMESTAMPTZ
    )`,
  ],

  // Version 2: a record found in two files (overlapping exports) is stored once, with every
  // place it was found; CloudTrail digest files are read for the log files they list.
  2: [
    `ALTER TABLE evidence ADD COLUMN records_duplicate BIGINT DEFAULT 0`,

    // One row a stored event: a hash of its source and minified record, to find copies fast.
    // Equal hashes are confirmed on the records themselves before a copy is dropped.
    `CREATE TABLE record_keys (record_key UBIGINT NOT NULL, event_id TEXT NOT NULL)`,
    `INSERT INTO record_keys
      SELECT ${recordKeySql('events')}, event_id FROM events`,

    // The other places a stored event's record was found.
    `CREATE TABLE event_copies (
      event_id TEXT NOT NULL,
      evidence_id TEXT NOT NULL,
      record_no BIGINT NOT NULL
    )`,

    // What each CloudTrail digest file says was delivered, for the coverage report.
    `CREATE TABLE digest_log_files (
      digest_evidence_id TEXT NOT NULL,
      s3_bucket TEXT,
      s3_object TEXT NOT NULL,
      hash_value TEXT,
      hash_algorithm TEXT,
      oldest_event_time TEXT,
      newest_event_time TEXT
    )`,
  ],

  // Derived: rebuilt by the findings runner after every graph rebuild.
  3: [
    `CREATE TABLE findings (
      finding_id TEXT PRIMARY KEY,
      rule_id TEXT NOT NULL,
      title TEXT NOT NULL,
      severity TEXT NOT NULL,
      technique TEXT,
      summary TEXT NOT NULL,
      first_time TIMESTAMPTZ,
      last_time TIMESTAMPTZ,
      node_ids TEXT[] NOT NULL,
      link_ids TEXT[] NOT NULL,
      event_ids TEXT[] NOT NULL
    )`,
  ],

  // The investigator's own words about events, nodes, links and paths, one row a target; every
  // change is also appended to annotation_log, which is what undo walks back through.
  4: [
    `CREATE TABLE annotations (
      annotation_id TEXT PRIMARY KEY,
      target_kind TEXT NOT NULL,
      target_id TEXT NOT NULL,
      tags TEXT[] NOT NULL,
      note TEXT,
      severity TEXT,
      starred BOOLEAN NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      UNIQUE (target_kind, target_id)
    )`,

    `CREATE TABLE annotation_log (
      seq BIGINT PRIMARY KEY,
      "at" TIMESTAMPTZ NOT NULL,
      target_kind TEXT NOT NULL,
      target_id TEXT NOT NULL,
      change TEXT NOT NULL
    )`,

    // Saved timeline filters and saved console queries, by name within their kind.
    `CREATE TABLE saved_views (
      view_id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      body TEXT NOT NULL,
      saved_at TIMESTAMPTZ NOT NULL,
      UNIQUE (kind, name)
    )`,
  ],

  // Numbers for the path search. Node ids share long prefixes (aws:key:AKIA..., arn:aws:iam::),
  // and DuckDB keeps only a string's first bytes as a row group's minimum and maximum, so a search
  // joining on ids read every row group; on integers stored in their order it reads the few that
  // hold its frontier. node_no follows node_id order, link_no follows from_no; links_in is the
  // adjacency in to_no order, for backward steps. The graph's tables are created as a rebuild
  // creates them (graph/graphTables.ts), without the primary keys that made each rebuild's
  // DELETE crawl; a unique index built after loading takes their place. A case from before this
  // version keeps its graph, numbered here.
  5: [
    createGraphTable('nodes', 'nodes_v5'),
    `INSERT INTO nodes_v5 SELECT node_id, kind, label, first_time, last_time,
      row_number() OVER (ORDER BY node_id) FROM nodes ORDER BY node_id`,
    createGraphTable('links', 'links_v5'),
    `INSERT INTO links_v5 SELECT l.link_id, l.from_id, l.to_id, l.kind, l.proof, l.reason, l.score,
      l.first_time, l.last_time, l.call_count, l.evidence_count, l.failure_count,
      row_number() OVER (ORDER BY f.node_no, t.node_no, l.kind) AS link_no, f.node_no, t.node_no
      FROM links l JOIN nodes_v5 f ON f.node_id = l.from_id JOIN nodes_v5 t ON t.node_id = l.to_id
      ORDER BY link_no`,
    createGraphTable('link_evidence', 'link_evidence_v5'),
    `INSERT INTO link_evidence_v5 SELECT le.link_id, le.event_id, le.time, le.call_id, l.link_no
      FROM link_evidence le JOIN links_v5 l ON l.link_id = le.link_id ORDER BY l.link_no, le.time`,
    createGraphTable('links_in'),
    `INSERT INTO links_in SELECT to_no, from_no, link_no, kind, proof, epoch_us(first_time),
      epoch_us(last_time) FROM links_v5 ORDER BY to_no, link_no`,
    ...['nodes', 'links', 'link_evidence'].flatMap((table) => [
      `DROP TABLE ${table}`,
      `ALTER TABLE ${table}_v5 RENAME TO ${table}`,
    ]),
    ...graphIndexes,
  ],
};
