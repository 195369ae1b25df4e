import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertEventsSql, insertLinksSql } from './otelSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * OpenTelemetry traces in the OTLP/JSON encoding, one ExportTraceServiceRequest a line, as the
 * Collector's file exporter writes them; read for agent telemetry (the GenAI conventions), though
 * every span becomes an event. See docs/sources/agents.md.
 */
export const otel: SourceModule = { id: 'otel.span', detect, load };

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return null;
  if (!/^\{\s*"resourceSpans"\s*:\s*\[/.test(text)) return null;
  return { layout: 'ndjson' };
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  if (ctx.layout !== 'ndjson') {
    throw new Error(`Failed to load OTLP trace files: unknown layout ${ctx.layout}`);
  }
  return loadJsonBatch(ctx, {
    container: { kind: 'ndjson' },
    check: objectCheck,
    insertEvents: insertEventsSql,
    insertLinks: insertLinksSql,
  });
}
