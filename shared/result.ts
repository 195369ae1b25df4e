/** Every reply that crosses the engine boundary is a result: errors never cross it as throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  /** Stable machine code; the UI turns it into a sentence through `describeError`. */
  code: ErrorCode;
  /** What failed, in the engine's words (`Failed to <verb> <object>: <reason>`). */
  message: string;
  /** Extra context for the log or a details pane (file, record, field). */
  detail?: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'no_case_open'
  | 'case_open_failed'
  | 'case_schema_newer'
  | 'evidence_not_found'
  | 'evidence_unreadable'
  | 'node_not_found'
  | 'event_not_found'
  | 'link_not_found'
  | 'query_failed'
  | 'export_failed'
  | 'pdf_unavailable'
  | 'query_refused'
  | 'query_cancelled'
  | 'busy'
  | 'unauthorized'
  | 'internal';

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, detail?: string): Result<T> {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}
