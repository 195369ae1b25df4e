import type { EngineHandlers, RequestOf } from '../../shared/contract.js';
import type {
  Annotation,
  CaseInfo,
  CoverageReport,
  EventDetail,
  EvidenceFile,
  Finding,
  ExportSummary,
  IngestSummary,
  InventoryPage,
  InventoryRow,
  PathGraph,
  Progress,
  QueryResult,
  SavedView,
  TimelinePage,
  UndoResult,
} from '../../shared/model.js';
import { annotate, undoAnnotation } from './annotations/annotate.js';
import { checkTarget } from './annotations/checkTarget.js';
import { listAnnotations } from './annotations/annotationRows.js';
import { listViews, saveView } from './annotations/savedViews.js';
import { CaseDb } from './case/CaseDb.js';
import { readOnlyQuery } from './console/readOnlyQuery.js';
import { RunningQueries } from './console/RunningQueries.js';
import { SCHEMA_VERSION } from './case/schema.js';
import { listFindings } from './findings/listFindings.js';
import { findingsStale, runFindings } from './findings/runFindings.js';
import { exportReport, exportTimeline } from './export/exportCase.js';
import type { PdfPrinter } from './export/pdfReport.js';
import { findPaths } from './graph/paths.js';
import { rebuildGraph } from './graph/rebuildGraph.js';
import { listEvidence } from './ingest/evidenceList.js';
import { ingest } from './ingest/ingest.js';
import { LatestOnly } from './case/LatestOnly.js';
import { KeytrailError } from './KeytrailError.js';
import { childLogger } from './log.js';
import { coverage } from './queries/coverage.js';
import { eventDetail } from './queries/eventDetail.js';
import { inventory, inventoryPage, keepInventoryCounts } from './queries/inventory.js';
import { timeline, timelineCount } from './queries/timeline.js';
import { currentTimelineOrder, rebuildTimelineOrder } from './queries/timelineOrder.js';
import { inventoryCountsCurrent } from './queries/inventoryCounts.js';

const log = childLogger('engine');

export type ProgressListener = (progress: Progress) => void;

/**
 * The engine behind the API: one open case at a time. Work that changes the case (opening it,
 * adding evidence) runs one at a time; while it runs, every other call is refused with `busy`
 * rather than reading a half-built graph through the same connection.
 */
export class Engine implements EngineHandlers {
  private db: CaseDb | null = null;
  private findingsProblem: string | undefined;
  private task: string | null = null;
  private readonly listeners = new Set<ProgressListener>();
  private pdfPrinter: PdfPrinter | undefined;
  private readonly consoleQueries = new RunningQueries();
  /** The window's count of the list it shows: a newer list's count stops an older one's. */
  private readonly listCounts = new LatestOnly('count the timeline');

  /** Subscribe to progress of long work; returns the unsubscribe function. */
  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How reports become PDF; without one, the system's Chromium is used where installed. */
  setPdfPrinter(printer: PdfPrinter | undefined): void {
    this.pdfPrinter = printer;
  }

  /** The path of the open case, or null. */
  get casePath(): string | null {
    return this.db?.path ?? null;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  async openCase(request: RequestOf<'openCase'>): Promise<CaseInfo> {
    return this.exclusive('open a case', async () => {
      if (this.db?.path === request.path) return this.info(this.db);

      // The case in use stays open until the new one has opened: a mistyped path loses nothing.
      const opened = await CaseDb.open(request.path, { create: request.create });
      // Findings from older rules are rebuilt on opening; when that fails the case still opens,
      // with the findings it had (the rebuild is one transaction) and a word about why.
      // A case from before the timeline kept its order and the inventory its counts (or whose
      // events changed without them) gets them now; without them both still work, counting and
      // sorting the events for each page.
      try {
        if (!(await currentTimelineOrder(opened))) await rebuildTimelineOrder(opened);
      } catch (error) {
        log.warn({ path: request.path, err: error }, 'timeline order not kept on opening');
      }
      try {
        if (!(await inventoryCountsCurrent(opened))) await keepInventoryCounts(opened);
      } catch (error) {
        log.warn({ path: request.path, err: error }, 'inventory counts not kept on opening');
      }
      let findingsProblem: string | undefined;
      try {
        if (await findingsStale(opened)) await runFindings(opened);
      } catch (error) {
        findingsProblem =
          `Failed to bring the findings up to date with the current rules: ` +
          `${(error as Error).message.split('\n')[0]}; the findings listed came from earlier rules`;
        log.warn({ path: request.path, err: error }, 'findings not rebuilt on opening');
      }
      this.close();
      this.db = opened;
      this.findingsProblem = findingsProblem;
      log.info({ path: request.path }, 'opened case');
      return this.info(this.db);
    });
  }

  async caseInfo(): Promise<CaseInfo | null> {
    if (!this.db) return null;
    this.refuseWhileBusy('read the case');
    return this.info(this.db);
  }

  async addEvidence(request: RequestOf<'addEvidence'>): Promise<IngestSummary> {
    const db = this.open('add evidence');
    return this.exclusive('add evidence', async () => {
      const emit = (progress: Progress) => this.emit(progress);
      const summary = await ingest(db, request.paths, emit);
      await rebuildGraph(db, emit);
      // Without them each inventory page counts the events itself: slower, never wrong.
      await keepInventoryCounts(db).catch((error: unknown) =>
        log.warn({ err: error }, 'inventory counts not kept; each page counts them instead'),
      );
      await runFindings(db);
      this.findingsProblem = undefined;
      return summary;
    });
  }

  async evidence(): Promise<EvidenceFile[]> {
    return listEvidence(this.reader('list evidence'));
  }

  async coverage(): Promise<CoverageReport> {
    return coverage(this.reader('report coverage'));
  }

  async inventory(request: RequestOf<'inventory'>): Promise<InventoryRow[]> {
    return inventory(await this.lane('list identities', 'inventory'), request);
  }

  async inventoryPage(request: RequestOf<'inventoryPage'>): Promise<InventoryPage> {
    return inventoryPage(await this.lane('list identities', 'inventory'), request);
  }

  async paths(request: RequestOf<'paths'>): Promise<PathGraph> {
    return findPaths(await this.lane('find paths', 'paths'), request);
  }

  async timeline(request: RequestOf<'timeline'>): Promise<TimelinePage> {
    return timeline(this.reader('read the timeline'), request);
  }

  async timelineCount(request: RequestOf<'timelineCount'>): Promise<{ total: number }> {
    const { list, ...filter } = request;
    if (!list) {
      return { total: await timelineCount(await this.lane('count the timeline', 'count'), filter) };
    }
    const lane = await this.lane('count the timeline', 'list count');
    return { total: await this.listCounts.run(lane, (db) => timelineCount(db, filter)) };
  }

  async event(request: RequestOf<'event'>): Promise<EventDetail> {
    return eventDetail(this.reader('read the event'), request);
  }

  async findings(request: RequestOf<'findings'>): Promise<Finding[]> {
    return listFindings(this.reader('list findings'), request);
  }

  async exportTimeline(request: RequestOf<'exportTimeline'>): Promise<ExportSummary> {
    return exportTimeline(this.reader('export the timeline'), request);
  }

  async exportReport(request: RequestOf<'exportReport'>): Promise<ExportSummary> {
    return exportReport(this.reader('export the report'), request, this.pdfPrinter);
  }

  async annotate(request: RequestOf<'annotate'>): Promise<Annotation> {
    const db = this.reader('annotate');
    await checkTarget(db, request.targetKind, request.targetId);
    return annotate(db, request);
  }

  async annotations(request: RequestOf<'annotations'>): Promise<Annotation[]> {
    return listAnnotations(this.reader('list annotations'), request);
  }

  async undoAnnotation(request: RequestOf<'undoAnnotation'>): Promise<UndoResult> {
    return undoAnnotation(this.reader('undo the annotation'), request);
  }

  async saveView(request: RequestOf<'saveView'>): Promise<SavedView> {
    return saveView(this.reader('save the view'), request);
  }

  async views(request: RequestOf<'views'>): Promise<SavedView[]> {
    return listViews(this.reader('list saved views'), request);
  }

  async query(request: RequestOf<'query'>): Promise<QueryResult> {
    return readOnlyQuery(this.reader('run the query'), request, this.consoleQueries);
  }

  /** Not refused while busy: stopping a query must work whatever else runs. */
  async cancelQuery(request: RequestOf<'cancelQuery'>): Promise<{ cancelled: boolean }> {
    return { cancelled: this.consoleQueries.cancel(request.queryId) };
  }

  private open(verb: string): CaseDb {
    if (!this.db) throw new KeytrailError('no_case_open', `Failed to ${verb}: no case is open`);
    return this.db;
  }

  private refuseWhileBusy(verb: string): void {
    if (this.task) {
      throw new KeytrailError('busy', `Failed to ${verb}: still working to ${this.task}`);
    }
  }

  /**
   * The case on a connection of its own for work that may take seconds on a large case (counts,
   * the inventory, path searches), so that the timeline's pages never wait behind it.
   */
  private async lane(verb: string, name: string): Promise<CaseDb> {
    return this.reader(verb).lane(name);
  }

  private reader(verb: string): CaseDb {
    const db = this.open(verb);
    this.refuseWhileBusy(verb);
    return db;
  }

  private async exclusive<T>(verb: string, work: () => Promise<T>): Promise<T> {
    this.refuseWhileBusy(verb);
    this.task = verb;
    try {
      return await work();
    } finally {
      this.task = null;
    }
  }

  private emit(progress: Progress): void {
    for (const listener of this.listeners) {
      try {
        listener(progress);
      } catch (error) {
        log.warn({ err: error }, 'progress listener failed');
      }
    }
  }

  private async info(db: CaseDb): Promise<CaseInfo> {
    const counts = await db.one<Record<string, string>>(
      `SELECT (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM events) AS events,
        (SELECT count(*) FROM nodes) AS nodes, (SELECT count(*) FROM links) AS links`,
    );
    return {
      path: db.path,
      schemaVersion: SCHEMA_VERSION,
      createdAt: await db.createdAt(),
      settings: await db.settings(),
      evidenceCount: Number(counts?.evidence ?? 0),
      eventCount: Number(counts?.events ?? 0),
      nodeCount: Number(counts?.nodes ?? 0),
      linkCount: Number(counts?.links ?? 0),
      ...(this.findingsProblem ? { findingsProblem: this.findingsProblem } : {}),
    };
  }
}
