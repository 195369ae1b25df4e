import { loadJsonBatch } from '../ingest/jsonBatch.js';
import { objectCheck } from '../ingest/salvage.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';
import { connectedLinksSql, loadLineBatch } from './vpcflowZeekLines.js';
import { insertZeekJsonSql, insertZeekTsvSql } from './zeekSql.js';

/**
 * Zeek conn.log: the TSV Zeek writes by default (`#separator \x09`, `#fields`, `#types`, `-` for
 * unset) and its JSON (one object a line), with Zeek's dotted field names (`id.orig_h`) or the
 * underscored names some pipelines write (`id_orig_h`). Other Zeek logs are recognised and
 * listed as not read. See docs/sources/network.md.
 */

export const zeek: SourceModule = { id: 'zeek.conn', detect, load };

const tsvHeader = /^#separator \\x09\r?\n/;
const jsonConn = /"(_path|@stream)"\s*:\s*"conn"|"conn_state"\s*:|"orig_pkts"\s*:/;

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '');

  if (tsvHeader.test(text)) {
    const path = /^#path\t([^\r\n]*)/m.exec(text)?.[1];
    const fields = /^#fields\t([^\r\n]*)/m.exec(text)?.[1] ?? '';
    if (path === 'conn' || (!path && /\tconn_state(\t|$)/.test(fields))) return { layout: 'tsv' };
    return {
      layout: 'tsv-other',
      skipReason: `Zeek ${path ?? 'unknown'} log; only conn.log is read`,
    };
  }

  if (!text.startsWith('{')) return null;
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const dotted = /"id\.orig_h"\s*:/.test(firstLine);
  const underscored = /"id_orig_h"\s*:/.test(firstLine);
  if (!(dotted || underscored) || !jsonConn.test(firstLine)) return null;
  return { layout: dotted ? 'json' : 'json-underscored' };
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  if (ctx.layout === 'tsv') {
    return loadLineBatch(ctx, {
      insertEvents: insertZeekTsvSql,
      insertLinks: connectedLinksSql('zeek.conn', 'id.orig_h and id.resp_h'),
    });
  }
  if (ctx.layout !== 'json' && ctx.layout !== 'json-underscored') {
    throw new Error(`Failed to load Zeek logs: unknown layout ${ctx.layout}`);
  }
  const dotted = ctx.layout === 'json';
  return loadJsonBatch(ctx, {
    container: { kind: 'ndjson' },
    check: objectCheck,
    insertEvents: (stage) => insertZeekJsonSql(stage, dotted),
    insertLinks: connectedLinksSql(
      'zeek.conn',
      dotted ? 'id.orig_h and id.resp_h' : 'id_orig_h and id_resp_h',
    ),
  });
}
