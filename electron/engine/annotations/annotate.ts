import type { RequestOf } from '../../../shared/contract.js';
import type { Annotation, UndoResult } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';
import { childLogger } from '../log.js';
import {
  readAnnotation,
  stateOf,
  writeAnnotation,
  type AnnotationState,
} from './annotationRows.js';

const log = childLogger('annotations');

/** Tags as the investigator means them: trimmed, each once, in the order first written. */
function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
}

/**
 * Change one target's annotation. Fields left out of the request keep their value. The row and
 * its log entry are written in one transaction, so that a change is on disk once this returns
 * and a process killed half-way leaves the previous state whole.
 */
export async function annotate(db: CaseDb, request: RequestOf<'annotate'>): Promise<Annotation> {
  const { targetKind, targetId } = request;

  const saved = await db.transaction(async () => {
    const current = await readAnnotation(db, targetKind, targetId);
    const before = stateOf(current);
    const after: AnnotationState = {
      tags: request.tags !== undefined ? cleanTags(request.tags) : (before?.tags ?? []),
      note: request.note !== undefined ? request.note || null : (before?.note ?? null),
      severity: request.severity !== undefined ? request.severity : (before?.severity ?? null),
      starred: request.starred ?? before?.starred ?? false,
    };

    await writeAnnotation(db, targetKind, targetId, { before, after });
    return readAnnotation(db, targetKind, targetId);
  });

  log.debug({ targetKind }, 'annotated');
  // An annotation emptied of everything has no row; the caller still gets its (empty) state.
  return (
    saved ?? {
      targetKind,
      targetId,
      tags: [],
      note: null,
      severity: null,
      starred: false,
      updatedAt: new Date().toISOString(),
    }
  );
}

interface LogEntry {
  seq: string;
  target_kind: Annotation['targetKind'];
  target_id: string;
  before: string | null;
}

/**
 * Walk back the newest changes not yet undone, one log entry a step. An undo is itself appended
 * to the log (naming the entry it undoes), so the log keeps the whole story and a second undo
 * goes one change further back instead of redoing the first.
 */
export async function undoAnnotation(
  db: CaseDb,
  request: RequestOf<'undoAnnotation'>,
): Promise<UndoResult> {
  const targets = new Map<string, UndoResult['targets'][number]>();
  let undone = 0;

  await db.transaction(async () => {
    for (let step = 0; step < request.steps; step++) {
      const entry = await db.one<LogEntry>(
        `SELECT seq::TEXT AS seq, target_kind, target_id, json_extract(change, '$.before')::TEXT AS before
         FROM annotation_log
         WHERE change->>'op' = 'set' AND seq NOT IN (
           SELECT (change->>'undoes')::BIGINT FROM annotation_log WHERE change->>'op' = 'undo')
         ORDER BY seq DESC LIMIT 1`,
      );
      if (!entry) break;

      const current = stateOf(await readAnnotation(db, entry.target_kind, entry.target_id));
      const restored = parseState(entry.before);
      await writeAnnotation(db, entry.target_kind, entry.target_id, {
        before: current,
        after: restored ?? { tags: [], note: null, severity: null, starred: false },
        undoes: Number(entry.seq),
      });
      targets.set(`${entry.target_kind}|${entry.target_id}`, {
        targetKind: entry.target_kind,
        targetId: entry.target_id,
      });
      undone++;
    }
  });

  return { undone, targets: [...targets.values()] };
}

function parseState(text: string | null): AnnotationState | null {
  if (text === null || text === 'null') return null;
  try {
    return JSON.parse(text) as AnnotationState;
  } catch (cause) {
    throw new KeytrailError(
      'internal',
      'Failed to undo the annotation: its log entry is not valid JSON',
      undefined,
      { cause },
    );
  }
}
