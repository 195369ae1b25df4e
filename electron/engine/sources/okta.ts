import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertOktaEventsSql } from './oktaSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Okta System Log: LogEvent objects of the System Log API (`GET /api/v1/logs`), one a line (a
 * SIEM export, the API pages piped through jq -c) or in a JSON array (a page of the API as is).
 * See docs/sources/okta.md.
 */

export const okta: SourceModule = { id: 'okta.system', detect, load };

const layouts: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  array: { kind: 'array' },
};

/** Fields every LogEvent has; all three together name the format, whatever their order. */
const markers = [/"eventType"\s*:\s*"/, /"published"\s*:\s*"/, /"uuid"\s*:\s*"/];
const isLogEvent = (text: string) => markers.every((m) => m.test(text));

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || text.length);

  if (text.startsWith('{') && isLogEvent(firstLine)) return { layout: 'ndjson' };
  if (text.startsWith('[') && isLogEvent(text.slice(0, 4096))) return { layout: 'array' };
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = layouts[ctx.layout];
  if (!container)
    throw new Error(`Failed to load Okta System Log files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, { container, check: objectCheck, insertEvents: insertOktaEventsSql });
}
