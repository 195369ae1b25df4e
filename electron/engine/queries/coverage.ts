import type { CoverageReport, MissingLogFile } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';

/** The file name of an S3 object key or a path inside a bundle. */
const baseName = (column: string) => `regexp_extract(${column}, '[^/]+$')`;

const missingSql = `
SELECT d.digest_evidence_id, v.path AS digest_path, d.s3_bucket, d.s3_object,
  d.oldest_event_time, d.newest_event_time
FROM digest_log_files d LEFT JOIN evidence v ON v.evidence_id = d.digest_evidence_id
WHERE ${baseName('d.s3_object')} NOT IN (
  SELECT ${baseName('path')} FROM evidence WHERE status <> 'failed' AND format IS NOT NULL)
ORDER BY d.oldest_event_time NULLS LAST, d.s3_object`;

const countsSql = `
SELECT (SELECT count(DISTINCT digest_evidence_id) FROM digest_log_files) AS digests,
  (SELECT count(DISTINCT s3_object) FROM digest_log_files) AS listed,
  (SELECT count(*) FROM events WHERE source = 'aws.vpcflow' AND action IN ('NODATA', 'SKIPDATA'))
    AS no_flow_rows`;

/**
 * What the evidence says about its own completeness: the log files CloudTrail digests list that
 * the bundle does not hold (matched by file name, since a bundle rarely keeps S3's folders
 * as they were), and the VPC flow rows that report windows without data.
 */
export async function coverage(db: CaseDb): Promise<CoverageReport> {
  const rows = await db.all<Record<string, string | null>>(missingSql);
  const missing: MissingLogFile[] = rows.map((r) => ({
    digestEvidenceId: r.digest_evidence_id ?? '',
    digestPath: r.digest_path ?? '',
    s3Bucket: r.s3_bucket ?? null,
    s3Object: r.s3_object ?? '',
    oldestEventTime: r.oldest_event_time ?? null,
    newestEventTime: r.newest_event_time ?? null,
  }));
  const counts = await db.one<Record<string, string>>(countsSql);
  return {
    digestFiles: Number(counts?.digests ?? 0),
    listedLogFiles: Number(counts?.listed ?? 0),
    missing,
    noFlowDataRows: Number(counts?.no_flow_rows ?? 0),
  };
}
