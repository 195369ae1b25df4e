import type { DuckDBConnection } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { childLogger } from '../log.js';

const log = childLogger('ingest');

/** A digest lists one hour of log files; a real one is a few kilobytes. */
const MAX_DIGEST_BYTES = 32 * 1024 * 1024;

interface DigestLogFile {
  s3Bucket?: unknown;
  s3Object?: unknown;
  hashValue?: unknown;
  hashAlgorithm?: unknown;
  oldestEventTime?: unknown;
  newestEventTime?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Record the log files a CloudTrail digest says were delivered (`logFiles[]`), so that the case
 * can tell which of them the bundle lacks. A digest that cannot be read is left as it was listed
 * (skipped): it holds no events, so nothing is lost but the coverage check.
 */
export async function readDigest(
  conn: DuckDBConnection,
  file: string,
  gzip: boolean,
  evidenceId: string,
): Promise<number> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_DIGEST_BYTES) return 0;
    const digest = JSON.parse((gzip ? gunzipSync(bytes) : bytes).toString('utf8')) as {
      logFiles?: unknown;
    };
    const logFiles = Array.isArray(digest.logFiles) ? (digest.logFiles as DigestLogFile[]) : [];

    let listed = 0;
    for (const entry of logFiles) {
      const object = text(entry?.s3Object);
      if (!object) continue;
      await conn.run(
        `INSERT INTO digest_log_files VALUES ($id, $bucket, $object, $hash, $algorithm, $oldest,
          $newest)`,
        {
          id: evidenceId,
          bucket: text(entry.s3Bucket),
          object,
          hash: text(entry.hashValue),
          algorithm: text(entry.hashAlgorithm),
          oldest: text(entry.oldestEventTime),
          newest: text(entry.newestEventTime),
        },
      );
      listed++;
    }
    return listed;
  } catch (error) {
    log.warn({ evidenceId, err: (error as Error).message }, 'digest file not read');
    return 0;
  }
}
