import type { DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EvidenceFile, IngestSummary, Progress } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { currentTimelineOrder, rebuildTimelineOrder } from '../queries/timelineOrder.js';
import { collectMembers, type Member } from './collect.js';
import { checkReadable } from './readable.js';
import { classifyUnknown } from './unknownFiles.js';
import { evidenceColumns, evidenceIdOf, insertEvidence, toEvidenceFile } from './evidenceRows.js';
import { hashFile } from './fileHead.js';
import { dropCopies } from './copies.js';
import { readDigest } from './digests.js';
import { Turns } from './Turns.js';
import { detectSource } from '../sources/index.js';
import type { SourceModule } from '../sources/types.js';

const log = childLogger('ingest');

/**
 * Files of one layout are loaded together, up to this many bytes or files a batch: one query a
 * file would spend more time planning than reading, and a batch of at least two DuckDB row
 * groups (122,880 rows each) is written straight to the case file instead of through the WAL.
 */
const BATCH_BYTES = 256 * 1024 * 1024;
const BATCH_FILES = 100;

function batches(
  pending: { index: number; item: Pending }[],
): { index: number; item: Pending }[][] {
  const groups = new Map<string, { index: number; item: Pending }[]>();
  for (const p of pending) {
    const key = `${p.item.source.id}|${p.item.row.layout}|${p.item.gzip}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }

  const out: { index: number; item: Pending }[][] = [];
  for (const group of groups.values()) {
    let current: { index: number; item: Pending }[] = [];
    let bytes = 0;
    for (const p of group) {
      if (
        current.length &&
        (bytes + p.item.row.size > BATCH_BYTES || current.length >= BATCH_FILES)
      ) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(p);
      bytes += p.item.row.size;
    }
    if (current.length) out.push(current);
  }
  return out;
}

/**
 * Add evidence to an open case: folders, zip and tar archives (gzipped or not), gzip files and
 * single files. Every file is hashed, recognised by content and recorded in `evidence`; its
 * records go to `events` and `source_links` in one transaction per file, so a file that fails
 * leaves the rest of the case as it was. Problems inside a bundle are written on the file's
 * evidence row, never thrown; only a path that does not exist or cannot be read throws.
 * The graph is not rebuilt here.
 */
export async function ingest(
  db: CaseDb,
  paths: string[],
  onProgress?: (p: Progress) => void,
): Promise<IngestSummary> {
  const started = performance.now();
  const inputs = paths.map((p) => resolve(p));
  await checkReadable(inputs);

  // Not `${db.path}.tmp`: that is DuckDB's own spill folder, which it creates once and expects to
  // find again; removing it here when empty made the next large query that spilled fail.
  const tmpBase = db.path === ':memory:' ? join(tmpdir(), 'keytrail.unpack') : `${db.path}.unpack`;
  const tmpRoot = join(tmpBase, randomBytes(8).toString('hex'));
  await mkdir(tmpRoot, { recursive: true });

  try {
    onProgress?.({ task: 'ingest', phase: 'hashing', done: 0, total: 0, message: 'listing files' });
    const members = await collectMembers(inputs, tmpRoot);
    const run = new IngestRun(db, tmpRoot, members.length, onProgress);
    const files = await run.addAll(members);

    const loaded = files.filter((f) => f.status === 'loaded' || f.status === 'partial');
    if (!(await currentTimelineOrder(db))) {
      onProgress?.({
        task: 'ingest',
        phase: 'reading',
        done: files.length,
        total: files.length,
        message: 'putting the events in time order',
      });
      // Without it the timeline still sorts the events for each page: never a reason to fail
      // an ingest whose records are already in the case.
      await rebuildTimelineOrder(db).catch((error: unknown) =>
        log.warn({ err: error }, 'timeline order not kept; the timeline sorts the events instead'),
      );
    }
    const summary: IngestSummary = {
      files,
      eventsAdded: loaded.reduce((sum, f) => sum + f.recordsRead - f.recordsDuplicate, 0),
      recordsRejected: files.reduce((sum, f) => sum + f.recordsRejected, 0),
      durationMs: Math.round(performance.now() - started),
    };
    log.info(
      { files: files.length, events: summary.eventsAdded, ms: summary.durationMs },
      `loaded ${summary.eventsAdded} events from ${files.length} files`,
    );
    onProgress?.({
      task: 'ingest',
      phase: 'done',
      done: files.length,
      total: files.length,
      message: `loaded ${summary.eventsAdded} events`,
    });
    return summary;
  } finally {
    await rm(tmpRoot, { recursive: true, force: true });
    await rmdir(tmpBase).catch(() => undefined);
  }
}

/** A file recognised by a source and waiting for its batch. */
interface Pending {
  member: Member & { file: string };
  row: EvidenceFile;
  source: SourceModule;
  gzip: boolean;
}

/** One call of `ingest`: the content already claimed, its progress. */
class IngestRun {
  /** SHA-256 of each file taken in this run, to the path that took it. */
  private readonly claimed = new Map<string, string>();
  private done = 0;

  constructor(
    private readonly db: CaseDb,
    private readonly tmpRoot: string,
    private readonly total: number,
    private readonly onProgress?: (p: Progress) => void,
  ) {}

  async addAll(members: Member[]): Promise<EvidenceFile[]> {
    const conn = await this.db.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    try {
      const files: EvidenceFile[] = new Array(members.length);
      const pending: { index: number; item: Pending }[] = [];
      let next = 0;

      // Hashing is streaming I/O plus SHA-256 on this thread: two at a time keeps the disk busy.
      // Each file is judged in the order given, whichever hash finishes first, so that of two
      // files with the same content the first is always the one loaded.
      const turns = new Turns();
      const prepare = async () => {
        while (next < members.length) {
          const index = next++;
          const member = members[index] as Member;
          try {
            const outcome = await this.prepare(conn, member, () => turns.wait(index));
            if ('source' in outcome) pending.push({ index, item: outcome });
            else {
              files[index] = outcome;
              this.progress('hashing', member.path);
            }
          } finally {
            turns.done(index);
          }
        }
      };
      const hashing = performance.now();
      await Promise.all([prepare(), prepare()]);
      log.debug({ files: members.length, ms: Math.round(performance.now() - hashing) }, 'hashed');

      // Two batches at a time: reading a batch in record order runs on one thread, so a second
      // batch keeps the other core busy meanwhile.
      const queue = batches(pending);
      const load = async (loader: DuckDBConnection) => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const rows = await this.loadBatch(
            loader,
            batch.map((p) => p.item),
          );
          batch.forEach((p, i) => (files[p.index] = rows[i] as EvidenceFile));
        }
      };
      const second = await this.db.connect();
      await second.run(`SET TimeZone = 'UTC'`);
      // Each batch commits on its own, so that a failure loses nothing already in the case; an
      // automatic checkpoint after every commit would write the data twice, so it waits for one
      // checkpoint at the end.
      await conn.run(`SET checkpoint_threshold = '1TB'`);
      try {
        await Promise.all([load(conn), load(second)]);
      } finally {
        second.closeSync();
        await conn.run(`RESET checkpoint_threshold`);
      }

      // Copies are found once every batch has committed: batches cannot see each other before.
      const stored = files.filter((f) => f.status === 'loaded' || f.status === 'partial');
      const copies = await dropCopies(
        conn,
        stored.map((f) => f.evidenceId),
      );
      for (const file of stored) file.recordsDuplicate = copies.get(file.evidenceId) ?? 0;
      await conn.run('CHECKPOINT');
      return files;
    } finally {
      conn.closeSync();
    }
  }

  private progress(phase: Progress['phase'], message: string): void {
    this.done++;
    this.onProgress?.({ task: 'ingest', phase, done: this.done, total: this.total, message });
  }

  /** Hash a member and decide its fate: a row to record now, or a file for a source to load. */
  private async prepare(
    conn: DuckDBConnection,
    member: Member,
    myTurn: () => Promise<void>,
  ): Promise<EvidenceFile | Pending> {
    const blank = (sha256: string, size: number): EvidenceFile => ({
      evidenceId: evidenceIdOf(sha256, member.bundle, member.path),
      bundle: member.bundle,
      path: member.path,
      size,
      sha256,
      format: null,
      layout: null,
      status: 'failed',
      recordsRead: 0,
      recordsRejected: 0,
      recordsDuplicate: 0,
      firstError: null,
      skipReason: null,
      addedAt: new Date().toISOString(),
    });

    if (member.refused || !member.file) {
      const refused = member.refused ?? { reason: 'member could not be read', size: 0, sha256: '' };
      const sha =
        refused.sha256 || (member.file ? (await hashFile(member.file, member.path)).sha256 : '');
      await myTurn();
      return this.record(conn, { ...blank(sha, refused.size), firstError: refused.reason });
    }

    const hashed = await hashFile(member.file, member.path);
    await myTurn();
    const file = blank(hashed.sha256, hashed.size);
    const existing = await this.existing(conn, file);
    if (existing) return existing;

    if (hashed.size === 0)
      return this.record(conn, { ...file, firstError: 'empty file (0 bytes)' });

    const found = detectSource(hashed.head);
    if (!found) return this.record(conn, { ...file, ...classifyUnknown(hashed.head) });

    const { source, detection } = found;
    const row = { ...file, format: source.id, layout: detection.layout };
    if (detection.skipReason) {
      if (detection.layout === 'digest') {
        await readDigest(conn, member.file, hashed.head.gzip, row.evidenceId);
      }
      return this.record(conn, { ...row, status: 'skipped', skipReason: detection.skipReason });
    }
    return { member: { ...member, file: member.file }, row, source, gzip: hashed.head.gzip };
  }

  /** Load a batch in one go; if that fails as a whole, each file alone, so one cannot sink all. */
  private async loadBatch(conn: DuckDBConnection, batch: Pending[]): Promise<EvidenceFile[]> {
    const first = batch[0] as Pending;
    const tmpDir = join(this.tmpRoot, `load-${randomBytes(6).toString('hex')}`);
    await mkdir(tmpDir);
    const rows = new Map<string, EvidenceFile>();

    try {
      await first.source.load({
        conn,
        layout: first.row.layout ?? '',
        gzip: first.gzip,
        tmpDir,
        files: batch.map((p) => ({
          file: p.member.file,
          size: p.row.size,
          sha256: p.row.sha256,
          evidenceId: p.row.evidenceId,
        })),
        recordEvidence: async (results) => {
          for (const p of batch) {
            const result = results.get(p.row.evidenceId);
            if (!result) continue;
            const row: EvidenceFile = {
              ...p.row,
              status: result.skipReason
                ? 'skipped'
                : result.firstError
                  ? result.recordsRead > 0
                    ? 'partial'
                    : 'failed'
                  : 'loaded',
              recordsRead: result.recordsRead,
              recordsRejected: result.recordsRejected,
              recordsDuplicate: 0,
              firstError: result.firstError,
              skipReason: result.skipReason ?? null,
            };
            await insertEvidence(conn, row);
            rows.set(row.evidenceId, row);
          }
        },
      });
    } catch (error) {
      rows.clear();
      if (batch.length > 1) {
        log.warn(
          { files: batch.length, err: (error as Error).message },
          'batch failed; one by one',
        );
        const single: EvidenceFile[] = [];
        for (const p of batch) single.push(...(await this.loadBatch(conn, [p])));
        return single;
      }
      log.warn({ path: first.member.path, err: (error as Error).message }, 'file failed to load');
      const failed = await this.record(conn, {
        ...first.row,
        status: 'failed',
        firstError: `Failed to load ${first.member.path}: ${(error as Error).message}`,
      });
      this.progress('reading', first.member.path);
      return [failed];
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }

    for (const p of batch) this.progress('reading', p.member.path);
    return batch.map((p) => rows.get(p.row.evidenceId) ?? p.row);
  }
  /**
   * The row to report when this content is already in the case: the same file again (its row
   * stands, reported as a duplicate), or the same bytes under another name (a new `duplicate`
   * row naming the first). A file that failed before is tried again.
   */
  private async existing(conn: DuckDBConnection, file: EvidenceFile): Promise<EvidenceFile | null> {
    const same = await conn.runAndReadAll(
      `SELECT ${evidenceColumns} FROM evidence WHERE evidence_id = $id`,
      { id: file.evidenceId },
    );
    const sameRow = same.getRowObjectsJson()[0];
    if (sameRow && sameRow.status !== 'failed') {
      return { ...toEvidenceFile(sameRow), status: 'duplicate' };
    }
    if (sameRow)
      await conn.run(`DELETE FROM evidence WHERE evidence_id = $id`, { id: file.evidenceId });

    const earlier = this.claimed.get(file.sha256);
    this.claimed.set(file.sha256, earlier ?? file.path);
    let original = earlier && earlier !== file.path ? earlier : null;
    if (!original) {
      const other = await conn.runAndReadAll(
        `SELECT path FROM evidence WHERE sha256 = $sha AND status <> 'failed'
           AND evidence_id <> $id LIMIT 1`,
        { sha: file.sha256, id: file.evidenceId },
      );
      original = (other.getRowObjectsJson()[0]?.path as string | undefined) ?? null;
    }
    if (!original) return null;
    return this.record(conn, {
      ...file,
      status: 'duplicate',
      skipReason: `same content as ${original}, already in the case`,
    });
  }

  private async record(conn: DuckDBConnection, file: EvidenceFile): Promise<EvidenceFile> {
    await insertEvidence(conn, file);
    return file;
  }
}
