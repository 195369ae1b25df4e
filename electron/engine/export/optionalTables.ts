import type { CaseDb } from '../case/CaseDb.js';

/**
 * Findings and annotations are built by their own schema versions; an export reads them only
 * where the case has them, so that a case without them still exports everything else.
 */
export async function tableExists(db: CaseDb, name: string): Promise<boolean> {
  const row = await db.one<{ n: string }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $name`,
    { name },
  );
  return Number(row?.n ?? 0) > 0;
}

export interface OptionalTables {
  findings: boolean;
  annotations: boolean;
  annotationLog: boolean;
}

export async function optionalTables(db: CaseDb): Promise<OptionalTables> {
  return {
    findings: await tableExists(db, 'findings'),
    annotations: await tableExists(db, 'annotations'),
    annotationLog: await tableExists(db, 'annotation_log'),
  };
}
