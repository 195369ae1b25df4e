import { listValue } from '@duckdb/node-api';
import type { ExportSelection } from '../../../shared/contract.js';
import type {
  CaseSettings,
  EvidenceFile,
  Finding,
  GraphLink,
  GraphNode,
  Severity,
} from '../../../shared/model.js';
import { nodeKind, nodeLabel } from '../../../shared/nodeIds.js';
import type { CaseDb } from '../case/CaseDb.js';
import { toGraphLink, type LinkSqlRow } from '../graph/linkRows.js';
import { isoSql } from '../graph/nodeSql.js';
import { listEvidence } from '../ingest/evidenceList.js';
import { countRows, selectionSql, type SelectionSql } from './exportRows.js';
import { optionalTables, type OptionalTables } from './optionalTables.js';

/** One entry of the annotation history, as `annotation_log` keeps it. */
export interface AnnotationChange {
  seq: string;
  at: string;
  targetKind: string;
  targetId: string;
  change: string;
}

/** A query behind a part of the report, written out so that anyone can run it again. */
export interface QueryRecord {
  part: string;
  sql: string;
  params: string;
}

/** Everything a report or a STIX bundle is made of, read once from the case. */
export interface ReportData {
  casePath: string;
  createdAt: string;
  generatedAt: string;
  settings: CaseSettings;
  selection: ExportSelection;
  tables: OptionalTables;
  eventCount: number;
  rows: SelectionSql;
  /** The links the selected events prove, oldest first. */
  links: GraphLink[];
  nodes: GraphNode[];
  findings: Finding[];
  evidence: EvidenceFile[];
  history: AnnotationChange[];
  queries: QueryRecord[];
}

/** Bound parameters as readable JSON; lists show their items. */
function paramsJson(params: Record<string, unknown>): string {
  return JSON.stringify(params, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value && typeof value === 'object' && 'items' in value) {
      return (value as { items: unknown[] }).items;
    }
    return value;
  });
}

/** Event ids listed per link; `evidence_count` still says how many there are in all. */
export const evidencePerLink = 100;

const linksSql = (picked: string) => `SELECT l.link_id, l.from_id, l.to_id, l.kind, l.proof,
    l.reason, l.score, l.call_count::VARCHAR AS call_count,
    l.evidence_count::VARCHAR AS evidence_count, l.failure_count::VARCHAR AS failure_count,
    ${isoSql('l.first_time')} AS first_time, ${isoSql('l.last_time')} AS last_time,
    (SELECT list(le.event_id ORDER BY le.time NULLS LAST, le.event_id) FROM link_evidence le
      WHERE le.link_id = l.link_id AND le.event_id IN ${picked})[1:${evidencePerLink}] AS evidence
  FROM links l
  WHERE l.link_id IN (SELECT link_id FROM link_evidence WHERE event_id IN ${picked})
  ORDER BY l.first_time NULLS LAST, l.link_id`;

/** Findings with at least one event in the selection, gravest first, as `keytrail findings` lists them. */
const findingsSql = (picked: string) => `SELECT f.finding_id, f.rule_id, f.title, f.severity,
    f.technique, f.summary, ${isoSql('f.first_time')} AS first_time,
    ${isoSql('f.last_time')} AS last_time, f.node_ids, f.link_ids, f.event_ids
  FROM findings f
  WHERE EXISTS (SELECT 1 FROM (SELECT unnest(f.event_ids) AS id) u WHERE u.id IN ${picked})
  ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
    f.first_time NULLS LAST, f.finding_id`;

// `at` is a keyword in DuckDB (AT TIME ZONE): the column is read quoted.
const historySql = `SELECT seq::VARCHAR AS seq, ${isoSql('"at"')} AS at_iso, target_kind,
    target_id, change FROM annotation_log ORDER BY seq`;

async function readLinks(db: CaseDb, rows: SelectionSql): Promise<GraphLink[]> {
  const picked = `(SELECT event_id FROM (${rows.sql}))`;
  const found = await db.all<LinkSqlRow>(linksSql(picked), rows.params);
  return found.map(toGraphLink);
}

async function readNodes(db: CaseDb, links: GraphLink[]): Promise<GraphNode[]> {
  const ids = [...new Set(links.flatMap((l) => [l.from, l.to]))].sort();
  if (ids.length === 0) return [];
  const rows = await db.all<{ node_id: string; kind: string; label: string }>(
    `SELECT node_id, kind, label FROM nodes WHERE node_id IN (SELECT unnest($ids))`,
    { ids: listValue(ids) },
  );
  const known = new Map(rows.map((r) => [r.node_id, r]));
  return ids.map((id) => ({
    id,
    kind: known.get(id)?.kind ?? nodeKind(id),
    label: known.get(id)?.label ?? nodeLabel(id),
  }));
}

async function readFindings(db: CaseDb, rows: SelectionSql): Promise<Finding[]> {
  const picked = `(SELECT event_id FROM (${rows.sql}))`;
  const found = await db.all<Record<string, unknown>>(findingsSql(picked), rows.params);
  return found.map((r) => ({
    findingId: String(r.finding_id),
    ruleId: String(r.rule_id),
    title: String(r.title),
    severity: String(r.severity) as Severity,
    technique: (r.technique as string | null) ?? null,
    summary: String(r.summary),
    firstTime: (r.first_time as string | null) ?? null,
    lastTime: (r.last_time as string | null) ?? null,
    nodeIds: (r.node_ids as string[]) ?? [],
    linkIds: (r.link_ids as string[]) ?? [],
    eventIds: (r.event_ids as string[]) ?? [],
  }));
}

/** STIX and the report need a millisecond UTC time; a given time is normalised to that. */
export function reportTime(generatedAt: string | undefined, createdAt: string): string {
  const source = generatedAt ?? createdAt;
  const parsed = new Date(source);
  return Number.isNaN(parsed.getTime()) ? '1970-01-01T00:00:00.000Z' : parsed.toISOString();
}

/**
 * Read what a report covers: the selected events' count, the links they prove and those links'
 * nodes, the findings and the annotation history where the case has those tables, the evidence
 * manifest, and each query as text with its parameters.
 */
export async function readReportData(
  db: CaseDb,
  selection: ExportSelection,
  generatedAt: string | undefined,
): Promise<ReportData> {
  const tables = await optionalTables(db);
  const rows = await selectionSql(db, selection, { raw: false });
  const links = await readLinks(db, rows);
  const createdAt = await db.createdAt();
  const queries: QueryRecord[] = [
    { part: 'Timeline', sql: rows.sql, params: paramsJson(rows.params) },
    {
      part: 'Links and access paths',
      sql: linksSql(`(SELECT event_id FROM (${rows.sql}))`),
      params: paramsJson(rows.params),
    },
    {
      part: 'Evidence manifest',
      sql: 'SELECT * FROM evidence ORDER BY added_at, bundle, path',
      params: '{}',
    },
  ];
  if (tables.findings) {
    queries.push({
      part: 'Findings',
      sql: findingsSql(`(SELECT event_id FROM (${rows.sql}))`),
      params: paramsJson(rows.params),
    });
  }
  if (tables.annotationLog) {
    queries.push({ part: 'Annotation history', sql: historySql, params: '{}' });
  }

  return {
    casePath: db.path,
    createdAt,
    generatedAt: reportTime(generatedAt, createdAt),
    settings: await db.settings(),
    selection,
    tables,
    eventCount: await countRows(db, rows),
    rows,
    links,
    nodes: await readNodes(db, links),
    findings: tables.findings ? await readFindings(db, rows) : [],
    evidence: await listEvidence(db),
    history: tables.annotationLog
      ? (await db.all<Record<string, string>>(historySql)).map((r) => ({
          seq: String(r.seq),
          at: String(r.at_iso),
          targetKind: String(r.target_kind),
          targetId: String(r.target_id),
          change: String(r.change),
        }))
      : [],
    queries,
  };
}
