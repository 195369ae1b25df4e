import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import type { EvidenceFile, EvidenceStatus } from '../../../shared/model.js';

/** The evidence id: 32 hex characters of a hash of the content, the bundle and the path in it. */
export function evidenceIdOf(sha256: string, bundle: string, path: string): string {
  return createHash('sha256').update(`${sha256}\0${bundle}\0${path}`).digest('hex').slice(0, 32);
}

export const evidenceColumns = `evidence_id, bundle, path, size, sha256, format, layout, status,
  records_read, records_rejected, coalesce(records_duplicate, 0) AS records_duplicate,
  first_error, skip_reason, strftime(added_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS added_at`;

export async function insertEvidence(conn: DuckDBConnection, file: EvidenceFile): Promise<void> {
  await conn.run(
    `INSERT INTO evidence (evidence_id, bundle, path, size, sha256, format, layout, status,
      records_read, records_rejected, records_duplicate, first_error, skip_reason, added_at)
     VALUES ($id, $bundle, $path, $size, $sha, $format, $layout, $status, $read, $rejected,
      $duplicate, $error, $skip, $added::TIMESTAMPTZ)`,
    {
      id: file.evidenceId,
      bundle: file.bundle,
      path: file.path,
      size: file.size,
      sha: file.sha256,
      format: file.format,
      layout: file.layout,
      status: file.status,
      read: file.recordsRead,
      rejected: file.recordsRejected,
      duplicate: file.recordsDuplicate,
      error: file.firstError,
      skip: file.skipReason,
      added: file.addedAt,
    },
  );
}

/** A row of `evidence` (as `evidenceColumns` selects it, JSON-safe) as the API's type. */
export function toEvidenceFile(row: Record<string, unknown>): EvidenceFile {
  return {
    evidenceId: String(row.evidence_id),
    bundle: String(row.bundle),
    path: String(row.path),
    size: Number(row.size),
    sha256: String(row.sha256),
    format: (row.format as string | null) ?? null,
    layout: (row.layout as string | null) ?? null,
    status: row.status as EvidenceStatus,
    recordsRead: Number(row.records_read),
    recordsRejected: Number(row.records_rejected),
    recordsDuplicate: Number(row.records_duplicate ?? 0),
    firstError: (row.first_error as string | null) ?? null,
    skipReason: (row.skip_reason as string | null) ?? null,
    addedAt: String(row.added_at),
  };
}
