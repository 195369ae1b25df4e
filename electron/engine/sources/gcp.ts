import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertGcpEventsSql, insertGcpLinksSql } from './gcpSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * GCP Cloud Audit Logs: Cloud Logging LogEntry objects whose `protoPayload` is an AuditLog, one a
 * line (a Logging sink to Cloud Storage, `gcloud logging read --format=json` piped through jq -c)
 * or in a JSON array (`gcloud logging read --format=json` as is). Entries of the same export that
 * are not audit records are kept as events too (see docs/sources/gcp.md).
 */

export const gcp: SourceModule = { id: 'gcp.audit', detect, load };

const layouts: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  array: { kind: 'array' },
};

const logEntry = /"logName"\s*:\s*"(projects|organizations|folders|billingAccounts)\/[^"]*\/logs\//;
const auditMarker = /cloudaudit\.googleapis\.com|google\.cloud\.audit\.AuditLog/;

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || text.length);

  if (text.startsWith('{') && logEntry.test(firstLine) && auditMarker.test(text)) {
    return { layout: 'ndjson' };
  }
  if (text.startsWith('[') && logEntry.test(text) && auditMarker.test(text)) {
    return { layout: 'array' };
  }
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = layouts[ctx.layout];
  if (!container) throw new Error(`Failed to load GCP audit files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, {
    container,
    check: objectCheck,
    insertEvents: insertGcpEventsSql,
    insertLinks: insertGcpLinksSql,
  });
}
