import type { DuckDBValue } from '@duckdb/node-api';
import type { CaseSettings, Severity } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';

/**
 * One hit of a rule before the runner names and stores it. `key` tells two hits of one rule apart
 * and stays the same across rebuilds (a credential id, a chain's ends), so that a finding keeps
 * its id when evidence is added.
 */
export interface RuleHit {
  key: string;
  /** Overrides the rule's severity where one hit is graver than another. */
  severity: Severity | null;
  /** Overrides the rule's technique where a hit shows another one. */
  technique?: string | null;
  firstTime: string | null;
  lastTime: string | null;
  /** The path that explains the hit, its start first; duplicates and nulls are dropped. */
  nodeIds: (string | null)[];
  /** Empty when the rule leaves it to the runner: the links among `nodeIds` the events prove. */
  linkIds: string[];
  eventIds: (string | null)[];
  /** Values the summary template names as `{name}`. */
  vars: Record<string, string | number | null>;
}

/** What every rule gets to read: the case's settings, for thresholds kept per case. */
export interface RuleContext {
  db: CaseDb;
  settings: CaseSettings;
}

/**
 * A finding rule: what it is called, how grave and which ATT&CK technique it shows, and how it
 * finds its hits. Most rules are one SQL statement whose rows carry the `RuleHit` columns
 * (`key`, `severity`, `first_time`, `last_time`, `node_ids`, `event_ids`, `vars` as JSON);
 * a rule that walks the graph does it in `find` instead.
 */
export interface FindingRule {
  id: string;
  title: string;
  severity: Severity;
  technique: string | null;
  /** The summary sentence, with `{name}` for each value of a hit's `vars`. */
  summary: string;
  sql?: string;
  params?: (settings: CaseSettings) => Record<string, DuckDBValue>;
  find?: (context: RuleContext) => Promise<RuleHit[]>;
}
