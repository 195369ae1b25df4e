import type { AnnotationTarget } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';

const lookups = {
  event: { sql: `SELECT 1 FROM events WHERE event_id = $id LIMIT 1`, code: 'event_not_found' },
  node: { sql: `SELECT 1 FROM nodes WHERE node_id = $id LIMIT 1`, code: 'node_not_found' },
  link: { sql: `SELECT 1 FROM links WHERE link_id = $id LIMIT 1`, code: 'link_not_found' },
} as const;

/**
 * Refuse an annotation of an event, node or link the case does not hold, so that a mistyped id
 * does not leave a note nobody can find. A path has no row of its own: its id is only a name
 * (see shared/pathId.ts), so any well-formed one is accepted.
 */
export async function checkTarget(
  db: CaseDb,
  targetKind: AnnotationTarget,
  targetId: string,
): Promise<void> {
  if (targetKind === 'path') return;

  const lookup = lookups[targetKind];
  const found = await db.one(lookup.sql, { id: targetId });
  if (!found) {
    throw new KeytrailError(
      lookup.code,
      `Failed to annotate the ${targetKind} ${targetId}: it is not in this case`,
    );
  }
}
