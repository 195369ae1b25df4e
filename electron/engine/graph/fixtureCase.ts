import { createHash } from 'node:crypto';
import { CaseDb } from '../case/CaseDb.js';

/**
 * Hand-made cases for the graph and query tests: events and source links written straight into
 * an in-memory case, so the tests do not depend on a parser. Shipped with the engine because it
 * is tiny and imports nothing but the case.
 */

export interface FixtureEvent {
  name: string;
  time: string | null;
  /** Source format id; CloudTrail unless said. */
  source?: string;
  actor?: string | null;
  credential?: string | null;
  issued?: string | null;
  target?: string | null;
  srcIp?: string | null;
  category?: string;
  action?: string;
  outcome?: string;
  callId?: string;
  raw?: object;
}

export interface FixtureLink {
  event: string;
  from: string;
  to: string;
  kind: string;
  reason?: string;
  proof?: 'exact' | 'inferred';
  score?: number;
}

/** The 32-hex event id a fixture event gets from its name. */
export function eid(name: string): string {
  return createHash('md5').update(name).digest('hex');
}

/** The 32-hex link id of a link, as the graph computes it. */
export function lid(from: string, kind: string, to: string): string {
  return createHash('md5').update(`${from}|${kind}|${to}`).digest('hex');
}

export async function fixtureCase(events: FixtureEvent[], links: FixtureLink[] = []) {
  const db = await CaseDb.open(':memory:', { create: true });
  await db.run(
    `INSERT INTO evidence (evidence_id, bundle, path, size, sha256, format, layout, status,
      records_read, records_rejected, first_error, skip_reason, added_at) VALUES ('ev1', '/bundle', 'trail.json', 1, 'aa', 'aws.cloudtrail',
    'records', 'loaded', $n, 0, NULL, NULL, TIMESTAMPTZ '2024-01-01 00:00:00+00')`,
    {
      n: events.length,
    },
  );
  for (const [index, e] of events.entries()) {
    await db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, time_raw, source, category,
        action, outcome, actor, credential, issued, target, src_ip, call_id, raw)
       VALUES ($id, 'ev1', $no, $time::TIMESTAMPTZ, $time, $source, $category, $action,
        $outcome, $actor, $credential, $issued, $target, $ip, $call, $raw)`,
      {
        id: eid(e.name),
        no: index,
        time: e.time,
        source: e.source ?? 'aws.cloudtrail',
        category: e.category ?? 'api_call',
        action: e.action ?? 'Call',
        outcome: e.outcome ?? 'success',
        actor: e.actor ?? null,
        credential: e.credential ?? null,
        issued: e.issued ?? null,
        target: e.target ?? null,
        ip: e.srcIp ?? null,
        call: e.callId ?? e.name,
        raw: JSON.stringify(e.raw ?? { name: e.name }),
      },
    );
  }
  for (const l of links) {
    await db.run(`INSERT INTO source_links VALUES ($e, $f, $t, $k, $p, $r, $s)`, {
      e: eid(l.event),
      f: l.from,
      t: l.to,
      k: l.kind,
      r: l.reason ?? 'fixture',
      p: l.proof ?? 'exact',
      s: l.score ?? 1,
    });
  }
  return db;
}

/** An inferred link as the tests read it: its ends, reason and score, and its evidence's ids. */
export interface InferredRow {
  from_id: string;
  kind: string;
  to_id: string;
  reason: string;
  score: number;
  evidence: string[];
}

/**
 * The case's inferred links, or those of one kind, each with the ids of the records that prove
 * it in id order; the rows in order of their from end (or, with `by: 'to'`, their to end).
 */
export function inferredLinks(
  c: CaseDb,
  options: { kind?: string; by?: 'from' | 'to' } = {},
): Promise<InferredRow[]> {
  const order = options.by === 'to' ? 'l.to_id, l.kind, l.from_id' : 'l.from_id, l.kind, l.to_id';
  return c.all<InferredRow>(
    `SELECT l.from_id, l.kind, l.to_id, l.reason, l.score,
       list(le.event_id ORDER BY le.event_id) AS evidence
     FROM links l JOIN link_evidence le USING (link_id)
     WHERE l.proof = 'inferred' ${options.kind ? 'AND l.kind = $kind' : ''}
     GROUP BY ALL ORDER BY ${order}`,
    options.kind ? { kind: options.kind } : undefined,
  );
}
