import type { Container } from '../ingest/recordReader.js';

/**
 * What the Azure and Entra sources share: how their exports hold records, and SQL helpers over a
 * record parsed as JSON (`j`). Their fields are read by JSON path rather than one struct, because
 * the same field comes under two spellings (diagnostic-setting camelCase, Log Analytics
 * PascalCase) and Log Analytics exports write nested parts as JSON text.
 */

export const azureLayouts: Record<string, Container> = {
  ndjson: { kind: 'ndjson' },
  array: { kind: 'array' },
  records: { kind: 'wrapped', key: 'records' },
};

/** The container of an export from its first bytes: `{"records":[...]}`, an array, or lines. */
export function azureLayoutOf(text: string): string | null {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (/^\{\s*"records"\s*:\s*\[/.test(trimmed)) return 'records';
  if (trimmed.startsWith('[')) return 'array';
  if (trimmed.startsWith('{')) return 'ndjson';
  return null;
}

/** The text at a JSON path of `base`, empty strings counted as absent. */
export function str(base: string, path: string): string {
  return `nullif(${base} ->> '$.${path}', '')`;
}

/**
 * The JSON value of a field that an export may hold as an object or as JSON text (Log Analytics
 * writes dynamic columns as strings).
 */
export function obj(base: string, path: string): string {
  const value = `(${base} -> '$.${path}')`;
  return `CASE WHEN json_type(${value}) = 'VARCHAR'
    THEN try_cast(${value} ->> '$' AS JSON) ELSE ${value} END`;
}

/** The first of several text expressions that is present. */
export function first(...exprs: string[]): string {
  return `coalesce(${exprs.join(', ')})`;
}

export const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category,
  action, outcome, error_code, error_message, actor, actor_kind, actor_display, credential, issued,
  target, target_display, src_ip, user_agent, account, region, call_id, raw`;
