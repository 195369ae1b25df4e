import type { EvidenceFile } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { evidenceColumns, toEvidenceFile } from './evidenceRows.js';

/** The case's evidence manifest, in the order files were added. */
export async function listEvidence(db: CaseDb): Promise<EvidenceFile[]> {
  const rows = await db.all(
    `SELECT ${evidenceColumns} FROM evidence ORDER BY evidence.added_at, bundle, path`,
  );
  return rows.map(toEvidenceFile);
}
