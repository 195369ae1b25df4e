import type { Progress } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { ipPattern, kindSql, labelSql, valueSql } from './nodeSql.js';

const log = childLogger('links');

/** Per-source wording of the identifiers an exact generic link matched on. */
function reasonSql(rule: 'holds' | 'issued' | 'target' | 'address'): string {
  const from = `(CASE WHEN credential IS NOT NULL THEN 'userIdentity.accessKeyId' ELSE 'userIdentity.arn' END)`;
  const cloudtrail: Record<typeof rule, string> = {
    holds: `'userIdentity.arn and userIdentity.accessKeyId'`,
    issued: `${from} || ' and responseElements (issued credential or session)'`,
    target: `${from} || ' and the resource named in the record'`,
    address: `${from} || ' and sourceIPAddress'`,
  };
  const generic: Record<typeof rule, string> = {
    holds: `'actor and credential of one record'`,
    issued: `'credential of the record and the credential it issued'`,
    target: `'credential of the record and its target'`,
    address: `'credential of the record and its source address'`,
  };
  return `(CASE WHEN source = 'aws.cloudtrail' THEN ${cloudtrail[rule]} ELSE ${generic[rule]} END)`;
}

const actingNode = `coalesce(credential, actor)`;

/** Every link a record shows, one row per (event, link), before aggregation. */
const derivedSql = `
CREATE TEMP TABLE derived AS
SELECT event_id, time, call_id, actor AS from_id, credential AS to_id, 'holds' AS kind,
  'exact' AS proof, ${reasonSql('holds')} AS reason, 1.0::DOUBLE AS score
FROM events WHERE actor IS NOT NULL AND credential IS NOT NULL AND actor <> credential
UNION ALL
SELECT event_id, time, call_id, ${actingNode}, issued, 'issued', 'exact', ${reasonSql('issued')}, 1.0
FROM events WHERE issued IS NOT NULL AND ${actingNode} IS NOT NULL AND ${actingNode} <> issued
UNION ALL
SELECT event_id, time, call_id, ${actingNode}, target,
  CASE WHEN category = 'secret_read' THEN 'read_secret' ELSE 'accessed' END, 'exact',
  ${reasonSql('target')}, 1.0
FROM events e
WHERE target IS NOT NULL AND ${actingNode} IS NOT NULL AND ${actingNode} <> target
  AND NOT EXISTS (SELECT 1 FROM source_links s WHERE s.event_id = e.event_id AND s.to_id = e.target)
UNION ALL
SELECT event_id, time, call_id, ${actingNode}, 'ip:' || src_ip, 'from_address', 'exact',
  ${reasonSql('address')}, 1.0
FROM events
WHERE src_ip IS NOT NULL AND ${actingNode} IS NOT NULL AND regexp_matches(src_ip, '${ipPattern}')
UNION ALL
SELECT s.event_id, e.time, e.call_id, s.from_id, s.to_id, s.kind, s.proof, s.reason, s.score
FROM source_links s JOIN events e ON e.event_id = s.event_id
WHERE s.from_id <> s.to_id`;

/**
 * The invariant of DESIGN.md: every record made with a credential is evidence of a link leaving
 * that credential. A record that named no target, issued nothing and came from no address (a
 * CloudTrail call by a service, such as ListBuckets from `s3.amazonaws.com`) would break it, so it
 * gets an `accessed` link to the service it called, or, for a source without one, to its account.
 */
const fallbackSql = `
INSERT INTO derived
SELECT e.event_id, e.time, e.call_id, e.credential,
  coalesce(
    CASE WHEN e.source = 'aws.cloudtrail' AND (e.raw->>'eventSource') IS NOT NULL
      THEN 'aws:service:' || (e.raw->>'eventSource') END,
    CASE WHEN e.account IS NOT NULL THEN split_part(e.source, '.', 1) || ':account:' || e.account END,
    e.source || ':service:unknown'),
  'accessed', 'exact',
  CASE WHEN e.source = 'aws.cloudtrail' THEN 'userIdentity.accessKeyId and eventSource'
    ELSE 'credential of the record and its account' END,
  1.0
FROM events e
WHERE e.credential IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM derived d WHERE d.event_id = e.event_id AND d.from_id = e.credential)`;

const linkEvidenceSql = `
INSERT INTO link_evidence
SELECT md5(from_id || '|' || kind || '|' || to_id), event_id, any_value(time), any_value(call_id)
FROM derived GROUP BY ALL`;

// Exact beats inferred ('exact' sorts first); among equals the highest score gives the reason.
const linksSql = `
INSERT INTO links
SELECT md5(from_id || '|' || kind || '|' || to_id), from_id, to_id, kind,
  min(proof), arg_min(reason, (proof, -score, reason)), max(score),
  min(time), max(time),
  count(DISTINCT coalesce(call_id, event_id)), count(DISTINCT event_id)
FROM derived GROUP BY from_id, to_id, kind`;

const nodesSql = `
INSERT INTO nodes
WITH seen AS (
  SELECT from_id AS node_id, time FROM derived
  UNION ALL SELECT to_id, time FROM derived
  UNION ALL SELECT actor, time FROM events WHERE actor IS NOT NULL
  UNION ALL SELECT credential, time FROM events WHERE credential IS NOT NULL
  UNION ALL SELECT issued, time FROM events WHERE issued IS NOT NULL
  UNION ALL SELECT target, time FROM events WHERE target IS NOT NULL
), spans AS (
  SELECT node_id, ${kindSql('node_id')} AS kind, min(time) AS first_time, max(time) AS last_time
  FROM seen GROUP BY node_id
), valued AS (
  SELECT *, ${valueSql('node_id', 'kind')} AS value FROM spans
)
SELECT node_id, kind, ${labelSql('kind', 'value')}, first_time, last_time FROM valued`;

/**
 * Rebuild the derived graph (link_evidence, links, nodes) from events and source_links. Every
 * step is one set-based statement, so the cost grows with DuckDB's scan speed, not with a
 * JavaScript loop per record. Runs in one transaction: a failure leaves the previous graph.
 */
export async function rebuildGraph(
  db: CaseDb,
  onProgress?: (progress: Progress) => void,
): Promise<{ links: number; nodes: number }> {
  const started = Date.now();
  const steps: [string, string][] = [
    ['reading the links each record shows', derivedSql],
    ['linking records that name no target', fallbackSql],
    ['gathering the evidence of each link', linkEvidenceSql],
    ['summing up links', linksSql],
    ['listing nodes', nodesSql],
  ];
  const report = (done: number, message: string): void =>
    onProgress?.({
      task: 'links',
      phase: done === steps.length ? 'done' : 'linking',
      done,
      total: steps.length,
      message,
    });

  await db.transaction(async () => {
    await db.run('DROP TABLE IF EXISTS derived');
    await db.run('DELETE FROM link_evidence');
    await db.run('DELETE FROM links');
    await db.run('DELETE FROM nodes');
    for (const [index, [message, sql]] of steps.entries()) {
      report(index, message);
      await db.run(sql);
    }
    await db.run('DROP TABLE derived');
  });

  const counts = await db.one<{ links: string; nodes: string }>(
    `SELECT (SELECT count(*) FROM links) AS links, (SELECT count(*) FROM nodes) AS nodes`,
  );
  const result = { links: Number(counts?.links ?? 0), nodes: Number(counts?.nodes ?? 0) };
  report(steps.length, `${result.links} links between ${result.nodes} nodes`);
  log.info({ ...result, ms: Date.now() - started }, 'rebuilt graph');
  return result;
}
