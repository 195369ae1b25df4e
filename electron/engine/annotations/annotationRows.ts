import { listValue } from '@duckdb/node-api';
import type { Annotation, AnnotationTarget, Severity } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { isoSql } from '../graph/nodeSql.js';

/** What an annotation says, without when it was said: the unit a log entry records and undo restores. */
export interface AnnotationState {
  tags: string[];
  note: string | null;
  severity: Severity | null;
  starred: boolean;
}

interface AnnotationSqlRow {
  target_kind: AnnotationTarget;
  target_id: string;
  tags: string[];
  note: string | null;
  severity: Severity | null;
  starred: boolean;
  updated_at: string;
}

export const annotationColumns = `target_kind, target_id, tags, note, severity, starred,
  ${isoSql('updated_at')} AS updated_at`;

export function toAnnotation(r: AnnotationSqlRow): Annotation {
  return {
    targetKind: r.target_kind,
    targetId: r.target_id,
    tags: r.tags,
    note: r.note,
    severity: r.severity,
    starred: r.starred,
    updatedAt: r.updated_at,
  };
}

/** An annotation that says nothing: its row is removed rather than kept empty. */
export function isEmpty(state: AnnotationState): boolean {
  return state.tags.length === 0 && !state.note && !state.severity && !state.starred;
}

export async function readAnnotation(
  db: CaseDb,
  targetKind: AnnotationTarget,
  targetId: string,
): Promise<Annotation | null> {
  const row = await db.one<AnnotationSqlRow>(
    `SELECT ${annotationColumns} FROM annotations WHERE target_kind = $kind AND target_id = $id`,
    { kind: targetKind, id: targetId },
  );
  return row ? toAnnotation(row) : null;
}

/**
 * Write one target's state (or remove its row when the state is empty) and append the change to
 * annotation_log. The caller holds the transaction, so row and log entry land together or not at all.
 */
export async function writeAnnotation(
  db: CaseDb,
  targetKind: AnnotationTarget,
  targetId: string,
  change: { before: AnnotationState | null; after: AnnotationState; undoes?: number },
): Promise<void> {
  const key = { kind: targetKind, id: targetId };
  if (isEmpty(change.after)) {
    await db.run(`DELETE FROM annotations WHERE target_kind = $kind AND target_id = $id`, key);
  } else {
    await db.run(
      `INSERT INTO annotations VALUES (md5($kind || '|' || $id), $kind, $id, from_json($tags::VARCHAR, '["VARCHAR"]'), $note,
        $severity, $starred, now())
       ON CONFLICT (annotation_id) DO UPDATE SET tags = excluded.tags, note = excluded.note,
        severity = excluded.severity, starred = excluded.starred, updated_at = excluded.updated_at`,
      {
        ...key,
        // As JSON text: a bound empty list would have no element type.
        tags: JSON.stringify(change.after.tags),
        note: change.after.note,
        severity: change.after.severity,
        starred: change.after.starred,
      },
    );
  }

  const entry = {
    op: change.undoes === undefined ? 'set' : 'undo',
    ...(change.undoes === undefined ? {} : { undoes: change.undoes }),
    before: change.before,
    after: isEmpty(change.after) ? null : change.after,
  };
  await db.run(
    `INSERT INTO annotation_log
     SELECT coalesce(max(seq), 0) + 1, now(), $kind, $id, $change FROM annotation_log`,
    { ...key, change: JSON.stringify(entry) },
  );
}

export function stateOf(annotation: Annotation | null): AnnotationState | null {
  if (!annotation) return null;
  const { tags, note, severity, starred } = annotation;
  return { tags, note, severity, starred };
}

export async function listAnnotations(
  db: CaseDb,
  filter: { targetKind?: AnnotationTarget; targetIds?: string[] },
): Promise<Annotation[]> {
  const conditions: string[] = [];
  const params: Record<string, ReturnType<typeof listValue> | string> = {};
  if (filter.targetKind) {
    conditions.push('target_kind = $kind');
    params.kind = filter.targetKind;
  }
  if (filter.targetIds) {
    conditions.push('list_contains($ids, target_id)');
    params.ids = listValue(filter.targetIds);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.all<AnnotationSqlRow>(
    `SELECT ${annotationColumns} FROM annotations ${where} ORDER BY target_kind, target_id`,
    params,
  );
  return rows.map(toAnnotation);
}
