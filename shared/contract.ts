import { z } from 'zod';
import type {
  CaseInfo,
  EventDetail,
  EvidenceFile,
  IngestSummary,
  InventoryRow,
  PathGraph,
  TimelinePage,
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
});

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
  inventory: z.object({
    search: z.string().max(500).optional(),
    kinds: z.array(z.string().max(64)).max(50).optional(),
    limit: z.number().int().min(1).max(100_000).default(5000),
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
  }),
  event: z.object({ eventId }),
} as const;

export interface Responses {
  openCase: CaseInfo;
  caseInfo: CaseInfo | null;
  addEvidence: IngestSummary;
  evidence: EvidenceFile[];
  inventory: InventoryRow[];
  paths: PathGraph;
  timeline: TimelinePage;
  event: EventDetail;
}

export type TimelineFilter = z.output<typeof timelineFilter>;

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
