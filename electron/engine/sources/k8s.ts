import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck } from '../ingest/salvage.js';
import { insertK8sEventsSql, insertK8sLinksSql } from './k8sSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * Kubernetes API server audit logs (`audit.k8s.io/v1` and `v1beta1` Event objects): one Event a
 * line, as the log backend writes them (a file of a single Event is the same), or an EventList
 * (`{"kind":"EventList","items":[...]}`), as the API and some exporters give them.
 */

export const k8s: SourceModule = { id: 'k8s.audit', detect, load };

const layouts: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  'event-list': { kind: 'wrapped', key: 'items' },
  array: { kind: 'array' },
};

const eventKind = /"kind"\s*:\s*"Event"/;
const auditApi = /"apiVersion"\s*:\s*"audit\.k8s\.io\//;
/** Fields every audit Event has, whatever its level; falco's traces have no apiVersion. */
const auditFields = (text: string): boolean =>
  /"auditID"\s*:/.test(text) && /"stage"\s*:/.test(text) && /"verb"\s*:/.test(text);

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || text.length);

  if (text.startsWith('{')) {
    if (/^\{\s*"kind"\s*:\s*"EventList"/.test(text) && auditApi.test(text)) {
      return { layout: 'event-list' };
    }
    if ((eventKind.test(firstLine) || auditApi.test(firstLine)) && auditFields(firstLine)) {
      return { layout: 'ndjson' };
    }
    return null;
  }
  if (text.startsWith('[') && eventKind.test(text) && auditFields(text)) return { layout: 'array' };
  return null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const container = layouts[ctx.layout];
  if (!container) {
    throw new Error(`Failed to load Kubernetes audit files: unknown layout ${ctx.layout}`);
  }
  return loadJsonBatch(ctx, {
    container,
    check: objectCheck,
    insertEvents: insertK8sEventsSql,
    insertLinks: insertK8sLinksSql,
  });
}
