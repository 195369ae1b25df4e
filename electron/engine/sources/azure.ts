import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertAzureEventsSql } from './azureSql.js';
import { azureLayoutOf, azureLayouts } from './azureJson.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Azure Activity Log: the Azure SDK's snake_case objects (`event_timestamp`, `operation_name`,
 * `resource_id`; what `az monitor activity-log list` and plaso read) and the camelCase records of
 * a diagnostic setting or portal export (`time`, `operationName`, `resourceId`,
 * `callerIpAddress`), one a line, in an array, or in `{"records": [...]}`. See docs/sources/azure.md.
 */

export const azure: SourceModule = { id: 'azure.activity', detect, load };

const sdkShape = /"event_timestamp"\s*:/;
const sdkMarker = /"operation_name"\s*:|"resource_id"\s*:/;
const camelShape = /"operationName"\s*:/;
const camelMarker = /"resourceId"\s*:\s*"\/subscriptions\//i;
const activityCategory =
  /"category"\s*:\s*(\{\s*"value"\s*:\s*)?"(Administrative|Policy|Security|ServiceHealth|Alert|Recommendation|Autoscale|ResourceHealth)"/;

function detect(head: FileHead): Detection | null {
  const layout = azureLayoutOf(head.text);
  if (!layout) return null;

  const text = head.text;
  if (sdkShape.test(text) && sdkMarker.test(text)) return { layout };
  if (camelShape.test(text) && camelMarker.test(text) && activityCategory.test(text)) {
    return { layout };
  }
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = azureLayouts[ctx.layout];
  if (!container) {
    throw new Error(`Failed to load Azure Activity files: unknown layout ${ctx.layout}`);
  }
  return loadJsonBatch(ctx, { container, check: objectCheck, insertEvents: insertAzureEventsSql });
}
