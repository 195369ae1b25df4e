import type { RequestOf } from '../../../shared/contract.js';
import type { Finding, Severity } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { iso } from './sqlParts.js';

interface Row {
  finding_id: string;
  rule_id: string;
  title: string;
  severity: Severity;
  technique: string | null;
  summary: string;
  first_time: string | null;
  last_time: string | null;
  node_ids: string[];
  link_ids: string[];
  event_ids: string[];
}

/** The stored findings, gravest first, then oldest first; `ruleIds` narrows them to those rules. */
export async function listFindings(db: CaseDb, request: RequestOf<'findings'>): Promise<Finding[]> {
  const rows = await db.all<Row>(
    `SELECT finding_id, rule_id, title, severity, technique, summary,
       ${iso('first_time')} AS first_time, ${iso('last_time')} AS last_time,
       node_ids, link_ids, event_ids
     FROM findings
     WHERE $all OR list_contains($rules::JSON::TEXT[], rule_id)
     ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
       ELSE 3 END, first_time NULLS LAST, rule_id, finding_id`,
    { all: request.ruleIds === undefined, rules: JSON.stringify(request.ruleIds ?? []) },
  );
  return rows.map((r) => ({
    findingId: r.finding_id,
    ruleId: r.rule_id,
    title: r.title,
    severity: r.severity,
    technique: r.technique,
    summary: r.summary,
    firstTime: r.first_time,
    lastTime: r.last_time,
    nodeIds: r.node_ids,
    linkIds: r.link_ids,
    eventIds: r.event_ids,
  }));
}
