import type { RequestOf } from '../../../shared/contract.js';
import type { InventoryRow } from '../../../shared/model.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { CaseDb } from '../case/CaseDb.js';
import { ipPattern, isoSql } from '../graph/nodeSql.js';
import { reconcile } from './reconciliation.js';

// The event columns the counts need, carried along so that no join back to events is needed.
const actColumns = `e.time, coalesce(e.call_id, e.event_id) AS call, e.outcome, e.credential,
  e.issued, e.target, e.src_ip`;

interface Row {
  node_id: string;
  kind: string;
  label: string;
  first_seen: string | null;
  last_seen: string | null;
  actions: string;
  failures: string;
  credentials_used: string;
  credentials_issued: string;
  targets: string;
  addresses: string;
}

function filterSql(request: RequestOf<'inventory'>, params: Record<string, DuckDBValue>) {
  const clauses: string[] = [];
  if (request.search) {
    params.search = request.search.toLowerCase();
    clauses.push(`(contains(lower(n.node_id), $search) OR contains(lower(n.label), $search))`);
  }
  if (request.kinds && request.kinds.length > 0) {
    // Kinds are bound one parameter each: an empty or all-null list has no type to bind.
    const names = request.kinds.map((kind, i) => {
      params[`k${i}`] = kind;
      return `$k${i}`;
    });
    clauses.push(`n.kind IN (${names.join(', ')})`);
  }
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}

/**
 * The identity inventory: every node that acted in a record or holds a credential, with what it
 * did and its reconciliation (where its credentials came from, how fast it worked). A node's actions are the records it made itself or through a credential it holds; copies of
 * one call in two trails count once.
 *
 * The three parts of `acts` are disjoint by construction (the node is the actor; the node is the
 * credential and not the actor; the node holds the credential and is not the actor), so they are
 * joined with UNION ALL: deduplicating millions of pairs would cost more than the whole query.
 */
export async function inventory(
  db: CaseDb,
  request: RequestOf<'inventory'>,
): Promise<InventoryRow[]> {
  const params: Record<string, DuckDBValue> = { limit: request.limit };
  const rows = await db.all<Row>(
    `WITH held AS (SELECT from_id AS node_id, to_id AS credential FROM links WHERE kind = 'holds'),
     candidates AS (
       SELECT n.* FROM nodes n
       SEMI JOIN (SELECT actor AS node_id FROM events UNION SELECT credential FROM events
                  UNION SELECT node_id FROM held) c ON c.node_id = n.node_id
       ${filterSql(request, params)}),
     acts AS (
       SELECT actor AS node_id, ${actColumns} FROM events e
         WHERE actor IN (SELECT node_id FROM candidates)
       UNION ALL SELECT credential, ${actColumns} FROM events e
         WHERE credential IN (SELECT node_id FROM candidates)
           AND credential IS DISTINCT FROM actor
       UNION ALL SELECT h.node_id, ${actColumns} FROM held h JOIN events e ON e.credential = h.credential
         WHERE h.node_id IN (SELECT node_id FROM candidates) AND e.actor IS DISTINCT FROM h.node_id)
     SELECT n.node_id, n.kind, n.label,
       ${isoSql('coalesce(min(e.time), any_value(n.first_time))')} AS first_seen,
       ${isoSql('coalesce(max(e.time), any_value(n.last_time))')} AS last_seen,
       count(DISTINCT e.call) AS actions,
       count(DISTINCT e.call) FILTER (WHERE e.outcome = 'failure') AS failures,
       count(DISTINCT e.credential) FILTER (WHERE e.credential <> n.node_id) AS credentials_used,
       count(DISTINCT e.issued) AS credentials_issued,
       count(DISTINCT e.target) AS targets,
       count(DISTINCT e.src_ip) FILTER (WHERE regexp_matches(e.src_ip, '${ipPattern}'))
         AS addresses
     FROM candidates n LEFT JOIN acts e ON e.node_id = n.node_id
     GROUP BY n.node_id, n.kind, n.label
     ORDER BY actions DESC, n.node_id
     LIMIT $limit`,
    params,
  );

  const reconciled = await reconcile(
    db,
    rows.map((r) => r.node_id),
    await db.settings(),
  );
  return rows.map((r) => ({
    id: r.node_id,
    kind: r.kind,
    label: r.label,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    actions: Number(r.actions),
    failures: Number(r.failures),
    credentialsUsed: Number(r.credentials_used),
    credentialsIssued: Number(r.credentials_issued),
    targets: Number(r.targets),
    addresses: Number(r.addresses),
    reconciliation: reconciled.get(r.node_id) as InventoryRow['reconciliation'],
  }));
}
