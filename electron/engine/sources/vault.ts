import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck, salvageConcatenated, type ValueLines } from '../ingest/salvage.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';
import { insertEventsSql, insertLinksSql } from './vaultSql.js';

/**
 * HashiCorp Vault audit device logs. The file device writes one JSON object a line (`ndjson`);
 * a JSON array of entries is read too. Entries pretty-printed one after another (`jq .` output,
 * excerpts pasted into documentation) are the `concatenated` layout: the tolerant reader puts
 * each on a line of its own first, mending the commas hand editing leaves, and the evidence row
 * says the file was read that way.
 */

export const vault: SourceModule = { id: 'vault.audit', detect, load };

const containers: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  array: { kind: 'array' },
};

/** Both kinds of entry carry the type, the auth part (if only a bare one) and the request. */
const entryType = /"type"\s*:\s*"(request|response)"/;
const requestPart = /"request"\s*:\s*\{/;
const authPart = /"auth"\s*:\s*\{/;
const isEntry = (text: string) =>
  entryType.test(text) && requestPart.test(text) && authPart.test(text);

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  if (!isEntry(text)) return null;

  if (text.startsWith('[')) return { layout: 'array' };
  if (!text.startsWith('{')) return null;
  const newline = text.indexOf('\n');
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).trimEnd();
  const oneLine = firstLine.endsWith('}') && isEntry(firstLine);
  return { layout: oneLine ? 'ndjson' : 'concatenated' };
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  if (ctx.layout === 'concatenated') return loadConcatenated(ctx);
  const container = containers[ctx.layout];
  if (!container) throw new Error(`Failed to load Vault audit files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, { ...spec, container });
}

const spec = {
  check: objectCheck,
  insertEvents: insertEventsSql,
  insertLinks: insertLinksSql,
};

/** The evidence row's note on a file read by the tolerant reader. */
export function concatenatedNotice(objects: number): string {
  return (
    `read tolerantly: ${objects} JSON objects written over several lines one after another, ` +
    'not one a line'
  );
}

/**
 * Put each file's entries one a line (in the batch's temporary folder), load those lines, and
 * write on each evidence row what the tolerant reader did and where it stopped, if it did.
 */
async function loadConcatenated(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const lines = new Map<string, ValueLines>();
  const files = [];
  for (const [i, file] of ctx.files.entries()) {
    const read = await salvageConcatenated(
      { file: file.file, gzip: ctx.gzip },
      ctx.tmpDir,
      `vault-${i}.ndjson`,
    );
    lines.set(file.evidenceId, read);
    files.push({ ...file, file: read.file });
  }

  const noted = (results: Map<string, LoadResult>) => withNotes(results, lines);
  const results = await loadJsonBatch(
    {
      ...ctx,
      gzip: false,
      files,
      recordEvidence: (results) => ctx.recordEvidence(noted(results)),
    },
    { ...spec, container: { kind: 'ndjson' } },
  );
  return noted(results);
}

function withNotes(
  results: Map<string, LoadResult>,
  lines: Map<string, ValueLines>,
): Map<string, LoadResult> {
  const noted = new Map<string, LoadResult>();
  for (const [id, result] of results) {
    const read = lines.get(id);
    if (!read) {
      noted.set(id, result);
      continue;
    }
    const notice =
      result.recordsRead > 0
        ? [concatenatedNotice(read.records - read.rejected), ...read.tolerated].join('; ')
        : null;
    const said = [read.firstError, result.firstError, notice].filter((s): s is string => !!s);
    noted.set(id, {
      ...result,
      recordsRejected: result.recordsRejected + read.rejected,
      firstError: said.length > 0 ? said.join('; ') : null,
      skipReason: said.length > 0 ? null : (result.skipReason ?? null),
    });
  }
  return noted;
}
