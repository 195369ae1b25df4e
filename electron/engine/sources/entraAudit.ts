import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import { azureLayoutOf, azureLayouts } from './azureJson.js';
import { insertEntraAuditEventsSql, insertEntraAuditLinksSql } from './entraAuditSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Entra ID audit logs: Log Analytics / Sentinel `AuditLogs` table exports (PascalCase columns,
 * `InitiatedBy` and `TargetResources` often as JSON text), diagnostic-setting records
 * (`category: "AuditLogs"`, the audit under `properties`) and Microsoft Graph directoryAudit
 * objects, one a line, in an array, or in `{"records": [...]}`. See docs/sources/entra.md.
 */

export const entraAudit: SourceModule = { id: 'entra.audit', detect, load };

const sentinel = /"InitiatedBy"\s*:/;
const sentinelTargets = /"TargetResources"\s*:/;
const camel = /"initiatedBy"\s*:/;
const camelMarker = /"category"\s*:\s*"AuditLogs"|"activityDisplayName"\s*:/;

function detect(head: FileHead): Detection | null {
  const layout = azureLayoutOf(head.text);
  if (!layout) return null;

  const text = head.text;
  if (sentinel.test(text) && sentinelTargets.test(text)) return { layout };
  if (camel.test(text) && camelMarker.test(text)) return { layout };
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = azureLayouts[ctx.layout];
  if (!container) throw new Error(`Failed to load Entra audit files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, {
    container,
    check: objectCheck,
    insertEvents: insertEntraAuditEventsSql,
    insertLinks: insertEntraAuditLinksSql,
  });
}
