import type { Progress } from '../../../shared/model.js';
import type { CaseDb, Params } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { bridgeSteps } from './bridges.js';
import { linkIdSql } from './derivedRows.js';
import { createGraphTable, graphIndexes, graphTables } from './graphTables.js';
import { inferredSteps } from './inferred.js';
import { forgetLinkNumbers } from './linkNumbers.js';
import { ipPattern, kindSql, labelSql, valueSql } from './nodeSql.js';

const log = childLogger('links');

/** Per-source wording of the identifiers an exact generic link matched on. */
function reasonSql(rule: 'holds' | 'issued' | 'target' | 'address' | 'session'): string {
  const from = `(CASE WHEN credential IS NOT NULL THEN 'userIdentity.accessKeyId' ELSE 'userIdentity.arn' END)`;
  const cloudtrail: Record<typeof rule, string> = {
    holds: `'userIdentity.arn and userIdentity.accessKeyId'`,
    issued: `${from} || ' and responseElements (issued credential or session)'`,
    target: `${from} || ' and the resource named in the record'`,
    address: `${from} || ' and sourceIPAddress'`,
    session: `'userIdentity.sessionContext.sessionIssuer.arn and userIdentity.arn'`,
  };
  const generic: Record<typeof rule, string> = {
    holds: `'actor and credential of one record'`,
    issued: `'credential of the record and the credential it issued'`,
    target: `'credential of the record and its target'`,
    address: `'credential of the record and its source address'`,
    session: `'actor and the role it acts as, in one record'`,
  };
  return `(CASE WHEN source = 'aws.cloudtrail' THEN ${cloudtrail[rule]} ELSE ${generic[rule]} END)`;
}

const actingNode = `coalesce(credential, actor)`;

// When each generic rule fires for a record; the fallback below reuses them.
const rule = {
  holds: `actor IS NOT NULL AND credential IS NOT NULL AND actor <> credential`,
  issued: `issued IS NOT NULL AND ${actingNode} IS NOT NULL AND ${actingNode} <> issued`,
  target: `target IS NOT NULL AND ${actingNode} IS NOT NULL AND ${actingNode} <> target
    AND NOT EXISTS (SELECT 1 FROM source_links s WHERE s.event_id = e.event_id AND s.to_id = e.target)`,
  address: `src_ip IS NOT NULL AND ${actingNode} IS NOT NULL AND regexp_matches(src_ip, '${ipPattern}')
    AND ${actingNode} <> 'ip:' || src_ip`,
  session: `actor_role IS NOT NULL AND actor IS NOT NULL AND actor_role <> actor`,
};

/** Every link a record shows, one row per (event, link), before aggregation. */
const derivedSql = `
CREATE TEMP TABLE derived AS
WITH shown AS (
  SELECT event_id, time, call_id, actor AS from_id, credential AS to_id, 'holds' AS kind,
    'exact' AS proof, ${reasonSql('holds')} AS reason, 1.0::DOUBLE AS score
  FROM events e WHERE ${rule.holds}
  UNION ALL
  SELECT event_id, time, call_id, ${actingNode}, issued, 'issued', 'exact', ${reasonSql('issued')}, 1.0
  FROM events e WHERE ${rule.issued}
  UNION ALL
  SELECT event_id, time, call_id, ${actingNode}, target,
    CASE WHEN category = 'secret_read' THEN 'read_secret' ELSE 'accessed' END, 'exact',
    ${reasonSql('target')}, 1.0
  FROM events e WHERE ${rule.target}
  UNION ALL
  SELECT event_id, time, call_id, ${actingNode}, 'ip:' || src_ip, 'from_address', 'exact',
    ${reasonSql('address')}, 1.0
  FROM events e WHERE ${rule.address}
  UNION ALL
  SELECT event_id, time, call_id, actor_role, actor, 'has_session', 'exact',
    ${reasonSql('session')}, 1.0
  FROM events e WHERE ${rule.session}
  UNION ALL
  SELECT s.event_id, e.time, e.call_id, s.from_id, s.to_id, s.kind, s.proof, s.reason, s.score
  FROM source_links s JOIN events e ON e.event_id = s.event_id
  WHERE s.from_id <> s.to_id)
SELECT ${linkIdSql} AS link_id, * FROM shown`;

/**
 * The invariant of DESIGN.md: every record made with a credential is evidence of a link leaving
 * that credential. A record that named no target, issued nothing and came from no address (a
 * CloudTrail DescribeInstances through the console, sourceIPAddress `ec2.amazonaws.com`) would
 * break it, so it gets an `accessed` link to the API it called as a resource node
 * (`aws:resource:ec2`). Never to `aws:service:ec2.amazonaws.com`: that node is the service acting
 * as a principal (issuing instance credentials), and joining the two would connect every console
 * user to every instance role. Resource nodes have no links leaving them, so the fallback adds no
 * path. The generic rules are checked on the record itself, the cheap ones first, so that only the
 * few records they leave are looked up in source links (at 10 M events, testing every record
 * against source links took 48 s).
 */
const fallbackSql = `
INSERT INTO derived
WITH unlinked AS MATERIALIZED (
  SELECT event_id, time, call_id, credential, actor, target, source, account, raw FROM events e
  WHERE credential IS NOT NULL AND NOT (${rule.issued}) AND NOT (${rule.address})),
orphans AS (
  SELECT e.event_id, e.time, e.call_id, e.credential AS from_id,
    coalesce(
      CASE WHEN e.source = 'aws.cloudtrail' AND (e.raw->>'eventSource') IS NOT NULL
        THEN 'aws:resource:' || replace(e.raw->>'eventSource', '.amazonaws.com', '') END,
      split_part(e.source, '.', 1) || ':resource:account/' || coalesce(e.account, 'unknown'))
      AS to_id,
    'accessed' AS kind, 'exact' AS proof,
    CASE WHEN e.source = 'aws.cloudtrail' THEN 'userIdentity.accessKeyId and eventSource'
      ELSE 'credential of the record and its account' END AS reason,
    1.0::DOUBLE AS score
  FROM unlinked e
  WHERE NOT (${rule.target})
    AND NOT EXISTS (SELECT 1 FROM source_links s
      WHERE s.event_id = e.event_id AND s.from_id = e.credential AND s.to_id <> e.credential))
SELECT ${linkIdSql}, * FROM orphans`;

// Link endpoints take the span of the records that prove their links; the event columns cover
// nodes no link reaches. node_no numbers the nodes in node_id order, for the path search.
const nodesSql = `
INSERT INTO nodes (node_id, kind, label, first_time, last_time, node_no)
WITH seen AS (
  SELECT from_id AS node_id, time AS f, time AS l FROM derived
  UNION ALL SELECT to_id, time, time FROM derived
  UNION ALL SELECT actor, time, time FROM events WHERE actor IS NOT NULL
  UNION ALL SELECT credential, time, time FROM events WHERE credential IS NOT NULL
  UNION ALL SELECT issued, time, time FROM events WHERE issued IS NOT NULL
  UNION ALL SELECT target, time, time FROM events WHERE target IS NOT NULL
), spans AS (
  SELECT node_id, ${kindSql('node_id')} AS kind, min(f) AS first_time, max(l) AS last_time
  FROM seen GROUP BY node_id
), valued AS (
  SELECT *, ${valueSql('node_id', 'kind')} AS value FROM spans
)
SELECT node_id, kind, ${labelSql('kind', 'value')}, first_time, last_time,
  row_number() OVER (ORDER BY node_id)
FROM valued ORDER BY node_id`;

// Exact beats inferred ('exact' sorts first); among equals the highest score gives the reason.
// link_no follows the from end's number, so links stored in link_no order are in from_no order
// too: a forward step of the path search joins on from_no, and DuckDB then reads only the row
// groups whose from_no range holds the frontier. Three statements, each holding one large
// aggregate, join or sort in memory at a time: as one, 10 M events ran out of 12 GB.
const linkAttrsSql = [
  `CREATE TEMP TABLE link_attrs AS
   SELECT link_id, any_value(from_id) AS from_id, any_value(to_id) AS to_id,
     any_value(kind) AS kind, min(proof) AS proof,
     arg_min(reason, (proof, -score, reason)) AS reason, max(score) AS score
   FROM derived GROUP BY link_id`,
  `CREATE TEMP TABLE link_ends AS
   SELECT a.link_id, a.kind, f.node_no AS from_no, a.to_id FROM link_attrs a
   JOIN nodes f ON f.node_id = a.from_id`,
  `CREATE TEMP TABLE link_numbers AS
   SELECT e.link_id, e.kind, e.from_no, t.node_no AS to_no FROM link_ends e
   JOIN nodes t ON t.node_id = e.to_id`,
  // The kind came along, so the order needs no join back to link_attrs.
  `CREATE OR REPLACE TEMP TABLE link_numbers AS
   SELECT link_id, from_no, to_no, row_number() OVER (ORDER BY from_no, to_no, kind) AS link_no
   FROM link_numbers`,
];

// In link order, each link's records oldest first: the path search reads a link's evidence by
// link_no when only part of it respects time.
const workTables = ['derived', 'link_attrs', 'link_ends', 'link_numbers', 'link_stats'];

const linkEvidenceSql = `
INSERT INTO link_evidence (link_id, event_id, time, call_id, link_no)
SELECT d.link_id, d.event_id, d.time, d.call_id, n.link_no
FROM (SELECT DISTINCT link_id, event_id, time, call_id FROM derived) d
JOIN link_numbers n ON n.link_id = d.link_id
ORDER BY n.link_no, d.time`;

// Counts come from link_evidence, where each (link, event) pair is already unique. A call is
// counted once however many records tell of it (two trails' copies); it failed when any of them
// did. Only calls with more than one record in the case need grouping by call, so each link is
// summed by its number alone, and those few calls apart, instead of two count(DISTINCT ...) a
// link. Shared calls and failed records are small tables looked up from the evidence, which is
// read once for each part rather than held between them (held, 10 M events ran out of 16 GB).
// The sums are a statement of their own, so that their memory is free before links are written:
// at 10 M the sums take 40 to 50 s and writing the links 226 s, where the one statement that did
// both took 303 s.
const linkStatsSql = `
CREATE TEMP TABLE link_stats AS
WITH shared AS (
  SELECT coalesce(call_id, event_id) AS call FROM events GROUP BY 1 HAVING count(*) > 1),
failed AS (SELECT event_id FROM events WHERE outcome = 'failure'),
single AS (
  SELECT le.link_no, min(le.time) AS first_time, max(le.time) AS last_time, count(*) AS records,
    count(*) FILTER (WHERE s.call IS NULL) AS calls,
    count(*) FILTER (WHERE s.call IS NULL AND f.event_id IS NOT NULL) AS failures
  FROM link_evidence le
  LEFT JOIN shared s ON s.call = coalesce(le.call_id, le.event_id)
  LEFT JOIN failed f ON f.event_id = le.event_id
  GROUP BY le.link_no),
grouped AS (
  SELECT link_no, count(*) AS calls, count(*) FILTER (WHERE failed) AS failures
  FROM (
    SELECT le.link_no, coalesce(le.call_id, le.event_id) AS call,
      bool_or(f.event_id IS NOT NULL) AS failed
    FROM link_evidence le
    SEMI JOIN shared s ON s.call = coalesce(le.call_id, le.event_id)
    LEFT JOIN failed f ON f.event_id = le.event_id
    GROUP BY 1, 2)
  GROUP BY link_no)
SELECT s.link_no, s.first_time, s.last_time, s.records AS evidence_count,
  s.calls + coalesce(g.calls, 0) AS call_count,
  s.failures + coalesce(g.failures, 0) AS failure_count
FROM single s LEFT JOIN grouped g ON g.link_no = s.link_no`;

const linksSql = `
INSERT INTO links (link_id, from_id, to_id, kind, proof, reason, score, first_time, last_time,
  call_count, evidence_count, failure_count, link_no, from_no, to_no)
SELECT a.link_id, a.from_id, a.to_id, a.kind, a.proof, a.reason, a.score,
  s.first_time, s.last_time, s.call_count, s.evidence_count, s.failure_count,
  n.link_no, n.from_no, n.to_no
FROM link_attrs a JOIN link_numbers n ON n.link_id = a.link_id
JOIN link_stats s ON s.link_no = n.link_no
ORDER BY n.link_no`;

// The adjacency again in to_no order, for the path search's backward steps.
const linksInSql = `
INSERT INTO links_in
SELECT to_no, from_no, link_no, kind, proof, epoch_us(first_time), epoch_us(last_time)
FROM links ORDER BY to_no, link_no`;

/**
 * Rebuild the derived graph (link_evidence, links, nodes) from events and source_links: the
 * links each record shows, then the exact bridges between sources, then the inferred links
 * (windows from the case settings). Every step is one set-based statement, so the cost grows with
 * DuckDB's scan speed, not with a JavaScript loop per record. Runs in one transaction: a failure
 * leaves the previous graph.
 */
export async function rebuildGraph(
  db: CaseDb,
  onProgress?: (progress: Progress) => void,
): Promise<{ links: number; nodes: number }> {
  const started = Date.now();
  const settings = await db.settings();
  const steps: [string, string, Params?][] = [
    ['reading the links each record shows', derivedSql],
    ...bridgeSteps,
    ...inferredSteps(settings),
    ['linking records that name no target', fallbackSql],
    ['listing nodes', nodesSql],
    ...linkAttrsSql.map((sql): [string, string] => ['numbering links', sql]),
    ['gathering the evidence of each link', linkEvidenceSql],
    ['summing up links', linkStatsSql],
    ['writing links', linksSql],
    ['indexing links by their far end', linksInSql],
    ...graphIndexes.map((sql): [string, string] => ['indexing node and link ids', sql]),
  ];
  const storedInOrder = new Set([nodesSql, linkEvidenceSql, linksSql, linksInSql]);
  const report = (done: number, message: string): void =>
    onProgress?.({
      task: 'links',
      phase: done === steps.length ? 'done' : 'linking',
      done,
      total: steps.length,
      message,
    });

  forgetLinkNumbers(db);
  await db
    .transaction(async () => {
      for (const work of workTables) await db.run(`DROP TABLE IF EXISTS ${work}`);
      for (const table of graphTables) {
        await db.run(`DROP TABLE IF EXISTS ${table}`);
        await db.run(createGraphTable(table));
      }
      for (const [index, [message, sql, params]] of steps.entries()) {
        report(index, message);
        const stepStarted = Date.now();
        // Keeping rows in order costs memory; only the tables the path search reads in order
        // need it.
        await db.run(`SET preserve_insertion_order = ${storedInOrder.has(sql)}`);
        await db.run(sql, params);
        log.debug({ step: message, ms: Date.now() - stepStarted }, 'graph step');
      }
      for (const work of workTables) await db.run(`DROP TABLE ${work}`);
    })
    .finally(() => {
      forgetLinkNumbers(db);
      return db.run('RESET preserve_insertion_order');
    });

  const counts = await db.one<{ links: string; nodes: string }>(
    `SELECT (SELECT count(*) FROM links) AS links, (SELECT count(*) FROM nodes) AS nodes`,
  );
  const result = { links: Number(counts?.links ?? 0), nodes: Number(counts?.nodes ?? 0) };
  report(steps.length, `${result.links} links between ${result.nodes} nodes`);
  log.info({ ...result, ms: Date.now() - started }, 'rebuilt graph');
  return result;
}
