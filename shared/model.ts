/**
 * The domain as both sides see it. Times cross the boundary as ISO 8601 strings in UTC with
 * microseconds (`2020-09-14T00:48:30.000000Z`), never as `Date` or epoch numbers, so that no
 * precision is lost on the way to the screen or an export.
 */

export type Category =
  | 'authentication'
  | 'credential_issue'
  | 'secret_read'
  | 'api_call'
  | 'account_change'
  | 'network'
  | 'tool_call'
  | 'agent_run';

export type Outcome = 'success' | 'failure' | 'unknown';

export type LinkKind =
  | 'issued'
  | 'holds'
  | 'assumed'
  | 'has_session'
  | 'accessed'
  | 'read_secret'
  | 'from_address'
  | 'called_tool'
  | 'delegated'
  | 'connected'
  | 'same_as'
  | 'runs_on'
  | 'acted_as';

export type Proof = 'exact' | 'inferred';

export type Direction = 'forward' | 'backward' | 'both';

/**
 * Per-case settings, kept as JSON in `meta.settings`; defaults in `defaultSettings` of CaseDb.ts
 * and docs/case-format.md. The windows only shape inferred links: exact links never depend on
 * them.
 */
export interface CaseSettings {
  /** How far a path may step back in time between two hops, in seconds. */
  clockSkewSeconds: number;
  /**
   * How long an identity may take over its work before the inventory calls it slow: the span
   * an investigator compares "from getting the key to its last action" against, in seconds.
   */
  reviewWindowSeconds: number;
  /** Seconds before a tool span starts and after it ends in which its workload's records count. */
  toolSpanMarginSeconds: number;
  /** Seconds after a secret read in which the first use of a credential is tied to it. */
  secretUseWindowSeconds: number;
  /** Seconds around a network flow in which a record from its source address is tied to it. */
  flowWindowSeconds: number;
}

export interface CaseInfo {
  path: string;
  schemaVersion: number;
  createdAt: string;
  settings: CaseSettings;
  evidenceCount: number;
  eventCount: number;
  nodeCount: number;
  linkCount: number;
  /**
   * Set when the findings could not be brought up to the current rules on opening (a case too
   * large for the memory given to DuckDB, say): the findings listed are the earlier ones.
   */
  findingsProblem?: string;
}

export type EvidenceStatus = 'loaded' | 'partial' | 'failed' | 'skipped' | 'duplicate';

/** One file of a bundle, as recorded in the case's `evidence` table. */
export interface EvidenceFile {
  evidenceId: string;
  /** The folder, archive or file the investigator added. */
  bundle: string;
  /** Path of the file inside the bundle (the file name when the bundle is a single file). */
  path: string;
  size: number;
  sha256: string;
  /** Source format id (`aws.cloudtrail`), or null when the file was skipped or failed. */
  format: string | null;
  /** How records are laid out (`records`, `array`, `ndjson`, `event-history`...). */
  layout: string | null;
  status: EvidenceStatus;
  /** Records read, copies of records already in the case included. */
  recordsRead: number;
  recordsRejected: number;
  /** Records that were already in the case (overlapping exports): stored once, both places kept. */
  recordsDuplicate: number;
  /** The first problem met, naming the record (`record 12: not a JSON object`). */
  firstError: string | null;
  /** Why a file that is not a log was left out (`CloudTrail digest file`). */
  skipReason: string | null;
  addedAt: string;
}

export interface IngestSummary {
  files: EvidenceFile[];
  eventsAdded: number;
  recordsRejected: number;
  durationMs: number;
}

export interface GraphNode {
  id: string;
  /** The id's kind prefix, such as `aws:key` or `ip`. */
  kind: string;
  label: string;
}

export interface GraphLink {
  id: string;
  from: string;
  to: string;
  kind: LinkKind;
  proof: Proof;
  /** Why an inferred link was drawn; for an exact link, the identifier that matched. */
  reason: string;
  score: number;
  /** Distinct calls behind the link (copies of one call in two trails count once). */
  count: number;
  /** Of those calls, how many failed (denied, errored): a link of failures only proves an attempt. */
  failures: number;
  first_time: string;
  last_time: string;
  /** Ids of the events that prove the link, oldest first (at most `evidenceLimit` of them). */
  evidence: string[];
  /** How many evidence events exist in all, even where `evidence` was cut short. */
  evidence_count: number;
}

export interface PathGraph {
  start: string;
  /** The node the paths had to reach, when the search was between two nodes. */
  end?: string;
  direction: Direction;
  nodes: GraphNode[];
  links: GraphLink[];
  /** True when the depth or size limit stopped the search before it ran out of links. */
  truncated: boolean;
  /** True when only exact links were followed (the engine always says; older callers may not). */
  exactOnly?: boolean;
}

export interface InventoryRow {
  id: string;
  kind: string;
  label: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Events in which this node acted, directly or through one of its credentials. */
  actions: number;
  failures: number;
  credentialsUsed: number;
  credentialsIssued: number;
  targets: number;
  addresses: number;
  /** How the credentials behind this node came and went; see `Reconciliation`. */
  reconciliation: Reconciliation;
}

/** One page of the inventory in the order asked. */
export interface InventoryPage {
  rows: InventoryRow[];
  /** Rows the search and filters keep, over all pages. */
  total: number;
  /**
   * The kinds among the rows the search keeps, whatever the kind filter, by name; on the first
   * page only (offset 0), empty on the others, since finding them costs a pass over the events.
   */
  kinds: string[];
}

/**
 * Reconciliation of one inventory row: where its credential came from, how soon it was used and
 * how fast the work went. For a credential the figures are its own; for an identity they are
 * those of the credentials it holds taken together.
 */
export interface Reconciliation {
  /** `own`: the node is a credential and these are its figures; `held`: those of what it holds. */
  basis: 'own' | 'held' | null;
  /** `issued`: the bundle shows the issuing record; `outside`: used, but never seen issued. */
  origin: 'issued' | 'outside' | null;
  /** When the credential (or the first of the identity's credentials) was issued. */
  issuedAt: string | null;
  /** The first record made with it after that. */
  firstUsedAt: string | null;
  /** Issued in the bundle and never used in it. */
  neverUsed: boolean;
  secondsToFirstUse: number | null;
  /** From getting the key (its issuance, else its first use) to the last action, in seconds. */
  workSeconds: number | null;
  /** Distinct calls a minute over `workSeconds` (a span under one minute counts as one). */
  actionsPerMinute: number | null;
  /** True when the work ended within the case's review window of getting the key. */
  withinReviewWindow: boolean | null;
  /** Each secret this node read, and where a credential was used next after the read. */
  secretReads: SecretRead[];
}

export interface SecretRead {
  eventId: string;
  time: string;
  secret: string;
  srcIp: string | null;
  /** The first use after the read of a credential it gave (issued, or the secret holds). */
  nextUse: {
    eventId: string;
    time: string;
    credential: string;
    srcIp: string | null;
    secondsAfterRead: number;
  } | null;
}

export interface TimelineRow {
  eventId: string;
  time: string;
  source: string;
  category: Category;
  action: string;
  outcome: Outcome;
  actor: string | null;
  actorDisplay: string | null;
  credential: string | null;
  issued: string | null;
  target: string | null;
  targetDisplay: string | null;
  srcIp: string | null;
  errorCode: string | null;
}

export interface TimelinePage {
  /** Events that pass the filter in all; null when the request left the count out. */
  total: number | null;
  offset: number;
  rows: TimelineRow[];
}

export interface EventDetail extends TimelineRow {
  evidenceId: string;
  evidencePath: string;
  recordNo: number;
  /** Other places the same record was found (overlapping exports), in file order. */
  copies: { evidenceId: string; evidencePath: string; recordNo: number }[];
  timeRaw: string | null;
  actorKind: string | null;
  errorMessage: string | null;
  userAgent: string | null;
  account: string | null;
  region: string | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  /** The record as the log wrote it (JSON text). */
  raw: string;
}

export interface Progress {
  task: 'ingest' | 'links';
  phase: 'hashing' | 'reading' | 'linking' | 'done';
  done: number;
  total: number;
  message: string;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** A rule's verdict over the graph, with the path and records that explain it. */
export interface Finding {
  findingId: string;
  ruleId: string;
  title: string;
  severity: Severity;
  /** ATT&CK technique id (`T1078.004`) where one fits. */
  technique: string | null;
  summary: string;
  firstTime: string | null;
  lastTime: string | null;
  /** Nodes of the path that explains the finding, its start first. */
  nodeIds: string[];
  linkIds: string[];
  eventIds: string[];
}

export type AnnotationTarget = 'event' | 'node' | 'link' | 'path';

/** What the investigator wrote about one event, node, link or path. */
export interface Annotation {
  targetKind: AnnotationTarget;
  targetId: string;
  tags: string[];
  note: string | null;
  severity: Severity | null;
  starred: boolean;
  updatedAt: string;
}

/** A log file a CloudTrail digest lists that the case does not hold. */
export interface MissingLogFile {
  digestEvidenceId: string;
  /** The digest file that lists it, as its path in the bundle. */
  digestPath: string;
  s3Bucket: string | null;
  s3Object: string;
  oldestEventTime: string | null;
  newestEventTime: string | null;
}

/** What the evidence says about its own completeness. */
export interface CoverageReport {
  /** CloudTrail digest files read. */
  digestFiles: number;
  /** Distinct log files those digests list. */
  listedLogFiles: number;
  missing: MissingLogFile[];
  /** VPC flow rows that report an interval with no flows recorded (NODATA) or lost (SKIPDATA). */
  noFlowDataRows: number;
}

/** What an export wrote. */
export interface ExportSummary {
  format: string;
  /** The file written (for Parquet, the folder). */
  path: string;
  /** Events written (for a report, the events it covers). */
  events: number;
  /** Events the format could not carry (Timesketch needs a time), left out. */
  skipped: number;
  /** STIX only: the objects the bundle holds, which is what it is made of, not events. */
  objects?: number;
  bytes: number;
  /** SHA-256 of the file; for Parquet, of the sorted list of its files' names and hashes. */
  sha256: string;
}

/** A filter of the timeline or a console query, kept in the case under a name. */
export interface SavedView {
  viewId: string;
  kind: 'timeline' | 'query';
  name: string;
  /** For a timeline view, the filter; for a query, `{ "sql": "..." }`. */
  body: Record<string, unknown>;
  savedAt: string;
}

export interface UndoResult {
  /** How many changes were walked back (fewer than asked when the log ran out). */
  undone: number;
  /** The targets whose annotation changed, each once. */
  targets: { targetKind: AnnotationTarget; targetId: string }[];
}

export interface QueryColumn {
  name: string;
  /** DuckDB's name for the column's type (`VARCHAR`, `TIMESTAMP WITH TIME ZONE`). */
  type: string;
}

/** A console query's answer: values JSON-safe (64-bit numbers and times as strings). */
export interface QueryResult {
  columns: QueryColumn[];
  rows: unknown[][];
  /** True when the statement had more rows than the limit. */
  truncated: boolean;
  durationMs: number;
}
