import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertEventsSql, insertLinksSql } from './mcpSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Model Context Protocol logs: JSON-RPC 2.0 messages one a line, bare or wrapped by the logger
 * with a timestamp and session (docs/sources/agents.md).
 */
export const mcp: SourceModule = { id: 'mcp.log', detect, load };

const jsonRpc = /"jsonrpc"\s*:\s*"2\.0"/;

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{')) return null;
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end);
  return jsonRpc.test(firstLine) ? { layout: 'ndjson' } : null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  if (ctx.layout !== 'ndjson') {
    throw new Error(`Failed to load MCP log files: unknown layout ${ctx.layout}`);
  }
  return loadJsonBatch(ctx, {
    container: { kind: 'ndjson' },
    check: objectCheck,
    insertEvents: insertEventsSql,
    insertLinks: insertLinksSql,
  });
}
