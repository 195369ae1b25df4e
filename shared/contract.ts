import { z } from 'zod';
import type {
  Annotation,
  CaseInfo,
  CoverageReport,
  ExportSummary,
  EventDetail,
  EvidenceFile,
  Finding,
  IngestSummary,
  InventoryPage,
  InventoryRow,
  PathGraph,
  QueryResult,
  SavedView,
  TimelinePage,
  UndoResult,
} from './model.js';
import type { Result } from './result.js';

/**
 * The one API between the window and the engine. Each call has a request schema (checked at
 * the boundary, because a request is `unknown` until validated) and a response type. The
 * engine implements it; the Electron IPC wiring and the browser-mode HTTP wiring both carry it.
 */

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

const nodeId = z.string().min(3).max(2048);
const eventId = z.string().regex(/^[0-9a-f]{32}$/, 'must be an event id');
const linkId = z.string().regex(/^[0-9a-f]{32}$/, 'must be a link id');
const isoTime = z.iso.datetime({ offset: true });
const annotationTarget = z.enum(['event', 'node', 'link', 'path']);
const annotationTag = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (t) => ![...t].some((c) => c === ',' || c.charCodeAt(0) < 0x20),
    'must not hold commas or control characters',
  );
const queryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a query id');
const severity = z.enum(['low', 'medium', 'high', 'critical']);

/**
 * Which events a view holds: the timeline, an export and a saved view all take this one filter.
 * Each field narrows the selection; `eventIds` and `linkIds` together take the union of the two.
 */
export const timelineFilter = z.object({
  eventIds: z.array(eventId).max(100_000).optional(),
  linkIds: z.array(linkId).max(20_000).optional(),
  sources: z.array(z.string().min(1).max(64)).max(50).optional(),
  categories: z.array(z.string().min(1).max(64)).max(20).optional(),
  outcomes: z
    .array(z.enum(['success', 'failure', 'unknown']))
    .max(3)
    .optional(),
  /** Node ids: events whose actor (or credential) is one of these. */
  actors: z.array(nodeId).max(1000).optional(),
  credentials: z.array(nodeId).max(1000).optional(),
  /** Inclusive bounds, ISO 8601. */
  timeFrom: isoTime.optional(),
  timeTo: isoTime.optional(),
  /** Case-insensitive text searched in the action, the node ids and displays, the address. */
  text: z.string().max(500).optional(),
  /** Only events the investigator starred (true) or did not star (false). */
  starred: z.boolean().optional(),
  /** Only events carrying at least one of these annotation tags. */
  tags: z.array(annotationTag).max(50).optional(),
  /** Time order, oldest first by default; ties always fall back to the event id. */
  sort: z.enum(['time_asc', 'time_desc']).optional(),
});

const annotationTargetRef = z.object({
  targetKind: annotationTarget,
  targetId: z.string().min(1).max(2048),
});

/**
 * What an export holds: the timeline filter, narrowed further to the events the investigator
 * starred or tagged (read from the annotations, when the case has them).
 */
export const exportSelection = timelineFilter.extend({
  starred: z.boolean().optional(),
  /** Events carrying at least one of these tags. */
  tags: z.array(z.string().min(1).max(200)).max(100).optional(),
});

export const timelineFormats = [
  'csv',
  'jsonl',
  'timesketch-csv',
  'timesketch-jsonl',
  'parquet',
] as const;
export const reportFormats = ['html', 'pdf', 'stix'] as const;

/** What the inventory can be ordered by: each field of its row, reconciliation figures included. */
export const inventorySorts = [
  'actions',
  'failures',
  'label',
  'kind',
  'firstSeen',
  'lastSeen',
  'credentialsUsed',
  'credentialsIssued',
  'targets',
  'addresses',
  'secondsToFirstUse',
  'workSeconds',
  'actionsPerMinute',
  'secretReads',
] as const;

/**
 * Which identities the inventory lists, and in what order. Rows without a value for the sort
 * field (never seen, never issued) come last either way; ties fall back to the node id.
 */
const inventoryQuery = {
  search: z.string().max(500).optional(),
  kinds: z.array(z.string().max(64)).max(50).optional(),
  /** Only nodes the investigator starred (true) or did not star (false). */
  starred: z.boolean().optional(),
  sort: z.enum(inventorySorts).default('actions'),
  descending: z.boolean().default(true),
  offset: z.number().int().min(0).default(0),
};

const exportCommon = {
  /** The file to write; for Parquet, a folder that does not exist yet or is empty. */
  out: absolutePath,
  filter: exportSelection.default({}),
  /** Written into the file as its creation time; without it, the case's own creation time. */
  generatedAt: isoTime.optional(),
};

export const requests = {
  openCase: z.object({
    path: absolutePath.refine(
      (p) => p.endsWith('.keytrail.duckdb'),
      'must end in .keytrail.duckdb',
    ),
    create: z.boolean().default(true),
  }),
  caseInfo: z.object({}),
  addEvidence: z.object({ paths: z.array(absolutePath).min(1).max(1000) }),
  evidence: z.object({}),
  coverage: z.object({}),
  inventory: z.object({
    ...inventoryQuery,
    limit: z.number().int().min(1).max(100_000).default(5000),
  }),
  /** One page of the inventory, with the count of all rows and the kinds among them. */
  inventoryPage: z.object({
    ...inventoryQuery,
    limit: z.number().int().min(1).max(5000).default(200),
  }),
  paths: z.object({
    from: nodeId,
    /** Only paths that reach this node (time-respecting), forward from `from`. */
    to: nodeId.optional(),
    /** Follow exact links only; inferred links are left out of the walk and the answer. */
    exactOnly: z.boolean().default(false),
    direction: z.enum(['forward', 'backward', 'both']).default('both'),
    maxDepth: z.number().int().min(1).max(50).default(12),
    maxNodes: z.number().int().min(1).max(20_000).default(2000),
    evidenceLimit: z.number().int().min(0).max(100_000).default(1000),
  }),
  timeline: timelineFilter.extend({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(500),
    /** Count every event that passes, too; a caller paging through a known total leaves it out. */
    count: z.boolean().default(true),
  }),
  /** How many events pass a filter, asked apart from its pages so rows show before the count. */
  timelineCount: timelineFilter.extend({
    /**
     * The count of the list the window shows: a newer such count stops an older one still
     * running, which then fails with `query_cancelled`.
     */
    list: z.boolean().optional(),
  }),
  event: z.object({ eventId }),
  findings: z.object({ ruleIds: z.array(z.string().max(64)).max(100).optional() }),
  exportTimeline: z.object({ ...exportCommon, format: z.enum(timelineFormats) }),
  exportReport: z.object({
    ...exportCommon,
    format: z.enum(reportFormats),
    title: z.string().max(200).optional(),
    /** Nodes whose access paths the report draws, besides those of the findings. */
    pathsFrom: z.array(nodeId).max(20).default([]),
    /** Timeline rows the report lists; the rest are counted, not shown. */
    timelineLimit: z.number().int().min(0).max(50_000).default(2000),
  }),
  /** Change one target's annotation: fields left out keep their value; null clears. */
  annotate: annotationTargetRef.extend({
    tags: z.array(annotationTag).max(50).optional(),
    note: z.string().max(20_000).nullable().optional(),
    severity: severity.nullable().optional(),
    starred: z.boolean().optional(),
  }),
  /** Annotations of one kind of target, or of the given targets; all of them when empty. */
  annotations: z.object({
    targetKind: annotationTarget.optional(),
    targetIds: z.array(z.string().min(1).max(2048)).max(100_000).optional(),
  }),
  /** Walk back the last changes of annotation_log, newest first. */
  undoAnnotation: z.object({ steps: z.number().int().min(1).max(100).default(1) }),
  saveView: z.object({
    kind: z.enum(['timeline', 'query']),
    name: z.string().trim().min(1).max(200),
    body: z.record(z.string(), z.unknown()).refine((b) => JSON.stringify(b).length <= 2_000_000),
  }),
  views: z.object({ kind: z.enum(['timeline', 'query']).optional() }),
  /** One read-only SQL statement of the console; at most `limit` rows come back. */
  query: z.object({
    sql: z.string().min(1).max(100_000),
    limit: z.number().int().min(1).max(10_000).default(1000),
    /** The caller's name for this run, for `cancelQuery`. */
    queryId: queryId.optional(),
  }),
  /** Stop the console query running under this id; it fails with `query_cancelled`. */
  cancelQuery: z.object({ queryId }),
} as const;

export interface Responses {
  openCase: CaseInfo;
  caseInfo: CaseInfo | null;
  addEvidence: IngestSummary;
  evidence: EvidenceFile[];
  coverage: CoverageReport;
  inventory: InventoryRow[];
  inventoryPage: InventoryPage;
  paths: PathGraph;
  timeline: TimelinePage;
  timelineCount: { total: number };
  event: EventDetail;
  findings: Finding[];
  exportTimeline: ExportSummary;
  exportReport: ExportSummary;
  annotate: Annotation;
  annotations: Annotation[];
  undoAnnotation: UndoResult;
  saveView: SavedView;
  views: SavedView[];
  query: QueryResult;
  /** Whether a query was running under the id and was told to stop. */
  cancelQuery: { cancelled: boolean };
}

export type TimelineFilter = z.output<typeof timelineFilter>;
export type ExportSelection = z.output<typeof exportSelection>;
export type InventorySort = (typeof inventorySorts)[number];
export type TimelineFormat = (typeof timelineFormats)[number];
export type ReportFormat = (typeof reportFormats)[number];

export type Method = keyof typeof requests & keyof Responses;
export const methods = Object.keys(requests) as Method[];

/** What a caller passes (defaults may be left out). */
export type RequestIn<M extends Method> = z.input<(typeof requests)[M]>;
/** What the engine receives after validation (defaults filled in). */
export type RequestOf<M extends Method> = z.output<(typeof requests)[M]>;
export type ResponseOf<M extends Method> = Responses[M];

/** The API as the renderer holds it: every call returns a result, never throws. */
export type KeytrailApi = {
  [M in Method]: (request: RequestIn<M>) => Promise<Result<ResponseOf<M>>>;
};

/** The API as the engine implements it: validated requests in, values out, `KeytrailError` thrown. */
export type EngineHandlers = {
  [M in Method]: (request: RequestOf<M>) => Promise<ResponseOf<M>>;
};

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

/** IPC channel of a method; the preload and the main process both derive names through it. */
export function channelOf(method: Method): string {
  return `keytrail:${method}`;
}

export const progressChannel = 'keytrail:progress';
