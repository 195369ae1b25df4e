import { createHash } from 'node:crypto';
import type { Severity } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { rules as allRules } from './index.js';
import type { FindingRule, RuleContext, RuleHit } from './rule.js';

const log = childLogger('findings');

/** A finding lists at most this many events; the links it names lead to the rest. */
export const MAX_FINDING_EVENTS = 1000;
/**
 * A rule stores at most this many findings, gravest then oldest first. Past that a rule is
 * describing the case, not pointing at something in it, and thousands of rows help no one.
 */
export const MAX_FINDINGS_PER_RULE = 1000;
/** Values put into a summary are cut to this length, so that one odd record cannot flood it. */
const MAX_VAR_LENGTH = 300;

interface HitRow {
  total: string;
  key: string;
  severity: Severity | null;
  first_time: string | null;
  last_time: string | null;
  node_ids: (string | null)[] | null;
  event_ids: (string | null)[] | null;
  vars: string | null;
}

/** Drop nulls and repeats, keeping the first place of each. */
function distinct(values: (string | null | undefined)[] | null | undefined): string[] {
  return [...new Set((values ?? []).filter((v): v is string => typeof v === 'string'))];
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/**
 * Fill `{name}` from the hit's values. Log content goes in as text: control characters are
 * replaced and long values cut; whoever shows a summary still escapes it for its medium.
 */
export function fillSummary(template: string, vars: RuleHit['vars']): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === null) return name in vars ? 'unknown' : whole;
    const text = [...String(value)].map((c) => (isControl(c) ? ' ' : c)).join('');
    return text.length > MAX_VAR_LENGTH ? `${text.slice(0, MAX_VAR_LENGTH - 1)}…` : text;
  });
}

async function hitsOf(rule: FindingRule, context: RuleContext): Promise<RuleHit[]> {
  if (rule.find) return rule.find(context);
  if (!rule.sql) return [];
  // The rule's own severity is a constant of its file (one of four words), not a value from a log.
  const rows = await context.db.all<HitRow>(
    `SELECT count(*) OVER () AS total, * FROM (${rule.sql})
     ORDER BY CASE coalesce(severity::VARCHAR, '${rule.severity}') WHEN 'critical' THEN 0 WHEN 'high' THEN 1
       WHEN 'medium' THEN 2 ELSE 3 END, first_time NULLS LAST, key
     LIMIT ${MAX_FINDINGS_PER_RULE}`,
    rule.params?.(context.settings),
  );
  const total = Number(rows[0]?.total ?? 0);
  if (total > rows.length) {
    log.warn({ rule: rule.id, total, kept: rows.length }, 'rule found too many; kept the first');
  }
  return rows.map((r) => ({
    key: r.key,
    severity: r.severity,
    firstTime: r.first_time,
    lastTime: r.last_time,
    nodeIds: r.node_ids ?? [],
    linkIds: [],
    eventIds: r.event_ids ?? [],
    vars: r.vars ? (JSON.parse(r.vars) as RuleHit['vars']) : {},
  }));
}

/**
 * The links of each stored finding whose rule left them out: links whose two ends are both nodes
 * of its path and whose evidence includes one of its events. One statement for all findings, so
 * that a case with thousands of them does not scan link_evidence thousands of times.
 */
const fillLinksSql = `
  UPDATE findings SET link_ids = found.link_ids
  FROM (
    SELECT f.finding_id, list(DISTINCT l.link_id ORDER BY l.link_id) AS link_ids
    FROM (SELECT finding_id, node_ids, unnest(event_ids) AS event_id FROM findings
      WHERE len(link_ids) = 0 AND len(node_ids) > 1) f
    JOIN link_evidence le ON le.event_id = f.event_id
    JOIN links l ON l.link_no = le.link_no
    WHERE list_contains(f.node_ids, l.from_id) AND list_contains(f.node_ids, l.to_id)
    GROUP BY f.finding_id) AS found
  WHERE findings.finding_id = found.finding_id`;

/** One statement stores a rule's findings, given as a JSON array of rows. */
const insertSql = `
  INSERT INTO findings
  SELECT id, rule, title, severity, technique, summary, first_time::TIMESTAMPTZ,
    last_time::TIMESTAMPTZ, node_ids, link_ids, event_ids
  FROM (SELECT unnest(json_transform($rows::JSON, '[{"id": "VARCHAR", "rule": "VARCHAR",
    "title": "VARCHAR", "severity": "VARCHAR", "technique": "VARCHAR", "summary": "VARCHAR",
    "first_time": "VARCHAR", "last_time": "VARCHAR", "node_ids": ["VARCHAR"],
    "link_ids": ["VARCHAR"], "event_ids": ["VARCHAR"]}]'), recursive := true))`;

/**
 * Raised when a rule keeps its id but finds other things (the secret rule's tie to the read, the
 * agent rule's list of privileged actions, the new-address rule's platform pools: revision 2; the
 * agent rule's secret reads and the new-address rule's Entra sessions: revision 3), so
 * that a case whose findings came from the older rules gets them rebuilt on opening.
 */
const RULES_REVISION = 3;

/** What `meta.findings_rules` records: the rules the stored findings came from. */
function rulesStamp(rules: FindingRule[]): string {
  return `${rules.map((r) => r.id).join(',')}#${RULES_REVISION}`;
}

/**
 * True when the stored findings did not come from the rules Keytrail has now: a case made before
 * findings existed, or by a version with other rules. The engine rebuilds them on opening it.
 */
export async function findingsStale(db: CaseDb, rules: FindingRule[] = allRules): Promise<boolean> {
  const row = await db.one<{ value: string }>(
    `SELECT value FROM meta WHERE key = 'findings_rules'`,
  );
  return row?.value !== rulesStamp(rules);
}

/** One step of a rebuild: a rule (by its id) or the filling of the findings' links. */
export interface FindingsStep {
  step: string;
  hits: number;
  ms: number;
}

/**
 * Rebuild the findings table: run every rule over the graph just rebuilt and store what each
 * finds, in one transaction, so that a failing rule leaves the previous findings in place.
 * A finding's id is a hash of its rule and key, stable while the evidence behind it stays.
 * `onStep` hears of each step as it ends, for a benchmark to time them.
 */
export async function runFindings(
  db: CaseDb,
  rules: FindingRule[] = allRules,
  onStep?: (step: FindingsStep) => void,
): Promise<{ findings: number; steps: FindingsStep[] }> {
  const started = Date.now();
  const context: RuleContext = { db, settings: await db.settings() };
  const steps: FindingsStep[] = [];
  const ended = (step: FindingsStep) => {
    steps.push(step);
    log.info(step, 'ran findings step');
    onStep?.(step);
  };
  let count = 0;

  await db.transaction(async () => {
    await db.run('DELETE FROM findings');
    for (const rule of rules) {
      const ruleStarted = Date.now();
      const hits = (await hitsOf(rule, context)).slice(0, MAX_FINDINGS_PER_RULE);
      const keys = new Map<string, number>();
      const rows = hits.map((hit) => {
        // Two hits of one key would collide on the finding id; the second gets a number.
        const seen = keys.get(hit.key) ?? 0;
        keys.set(hit.key, seen + 1);
        const key = seen === 0 ? hit.key : `${hit.key}#${seen}`;
        return {
          id: createHash('md5').update(`${rule.id}|${key}`).digest('hex'),
          rule: rule.id,
          title: rule.title,
          severity: hit.severity ?? rule.severity,
          technique: hit.technique === undefined ? rule.technique : hit.technique,
          summary: fillSummary(rule.summary, hit.vars),
          first_time: hit.firstTime,
          last_time: hit.lastTime,
          node_ids: distinct(hit.nodeIds),
          link_ids: hit.linkIds,
          event_ids: distinct(hit.eventIds).slice(0, MAX_FINDING_EVENTS),
        };
      });
      if (rows.length > 0) await db.run(insertSql, { rows: JSON.stringify(rows) });
      count += hits.length;
      ended({ step: rule.id, hits: hits.length, ms: Date.now() - ruleStarted });
    }

    const linksStarted = Date.now();
    await db.run(fillLinksSql);
    ended({ step: 'links of findings', hits: count, ms: Date.now() - linksStarted });
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('findings_rules', $rules)`, {
      rules: rulesStamp(rules),
    });
  });

  log.info({ findings: count, ms: Date.now() - started }, 'rebuilt findings');
  return { findings: count, steps };
}
