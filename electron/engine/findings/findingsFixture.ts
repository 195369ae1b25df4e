import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase, type FixtureEvent, type FixtureLink } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import type { FindingRule } from './rule.js';
import { runFindings } from './runFindings.js';

/**
 * Hand-made cases for the finding rules: the graph fixture's events, plus the columns rules
 * read that it leaves out (the source, the user agent) and inferred source links, written
 * straight into an in-memory case and built into a graph.
 */
export interface FindingEvent extends FixtureEvent {
  source?: string;
  userAgent?: string;
}

export interface FindingLink extends FixtureLink {
  inferred?: boolean;
}

export async function findingsCase(
  events: FindingEvent[],
  links: FindingLink[] = [],
): Promise<CaseDb> {
  const db = await fixtureCase(events, links);
  for (const e of events) {
    if (e.source || e.userAgent) {
      await db.run(
        `UPDATE events SET source = coalesce($source, source), user_agent = $agent
         WHERE event_id = $id`,
        { id: eid(e.name), source: e.source ?? null, agent: e.userAgent ?? null },
      );
    }
  }
  for (const l of links.filter((link) => link.inferred)) {
    await db.run(
      `UPDATE source_links SET proof = 'inferred', score = 0.7
       WHERE event_id = $e AND from_id = $f AND to_id = $t`,
      { e: eid(l.event), f: l.from, t: l.to },
    );
  }
  await rebuildGraph(db);
  return db;
}

/** Run some rules over a fixture case and read back what they stored. */
export async function findingsOf(db: CaseDb, rules: FindingRule[]) {
  await runFindings(db, rules);
  return db.all<{
    finding_id: string;
    rule_id: string;
    severity: string;
    technique: string | null;
    summary: string;
    first_time: string | null;
    last_time: string | null;
    node_ids: string[];
    link_ids: string[];
    event_ids: string[];
  }>(
    `SELECT finding_id, rule_id, severity, technique, summary,
       strftime(first_time, '%Y-%m-%dT%H:%M:%SZ') AS first_time,
       strftime(last_time, '%Y-%m-%dT%H:%M:%SZ') AS last_time, node_ids, link_ids, event_ids
     FROM findings ORDER BY first_time, finding_id`,
  );
}
