import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertGithubEventsSql } from './githubSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * GitHub enterprise and organisation audit log events, one a line (audit log streaming, the
 * "Export Git events" / JSON export, the REST API piped through jq -c) or in a JSON array (the
 * REST API's `/orgs/{org}/audit-log` page as is, the web export). See docs/sources/github.md.
 */

export const github: SourceModule = { id: 'github.audit', detect, load };

const layouts: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  array: { kind: 'array' },
};

/**
 * An audit event has an `action` written `area.verb`, an `actor`, and `@timestamp`,
 * `created_at` or `_document_id`; the three together keep other JSON logs out.
 */
const action = /"action"\s*:\s*"[a-z_]+\.[a-z_.]+"/;
const actor = /"actor"\s*:\s*("|null)/;
const stamp = /"(@timestamp|_document_id|created_at)"\s*:/;
const isAuditEvent = (text: string) => action.test(text) && actor.test(text) && stamp.test(text);

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || text.length);

  if (text.startsWith('{') && isAuditEvent(firstLine)) return { layout: 'ndjson' };
  if (text.startsWith('[') && isAuditEvent(text.slice(0, 4096))) return { layout: 'array' };
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = layouts[ctx.layout];
  if (!container)
    throw new Error(`Failed to load GitHub audit files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, { container, check: objectCheck, insertEvents: insertGithubEventsSql });
}
