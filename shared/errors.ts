import type { ApiError, ErrorCode } from './result.js';

/** The one place where error codes become sentences a person reads, each with a next step. */
const sentences: Record<ErrorCode, string> = {
  bad_request: 'Keytrail refused the request because a value was missing or malformed.',
  no_case_open: 'No case is open. Open or create a case first.',
  case_open_failed:
    'The case file could not be opened or created. Check that its folder exists and is writable, and that no other Keytrail window holds it; the case that was open stays open.',
  case_schema_newer:
    'This case was written by a newer Keytrail. Open it with that version, or keep working on a copy.',
  evidence_not_found: 'The evidence path does not exist. Check the path and try again.',
  evidence_unreadable:
    'The evidence could not be read. Check the file permissions; nothing already in the case was changed.',
  node_not_found: 'That identity, credential or resource is not in this case.',
  event_not_found: 'That event is not in this case.',
  link_not_found:
    'That link is not in this case. New evidence may have redrawn the graph: pick the link again.',
  query_failed: 'The query failed. Its message says why; the case is unchanged.',
  export_failed:
    'The export could not be written. Check that the folder exists and is writable; the case is unchanged.',
  pdf_unavailable:
    'PDF needs Chromium, which was not found. Install it (apt-get install chromium) or export HTML and print that.',
  query_refused:
    'The console runs one read-only SELECT over the case’s tables at a time. Change the statement and run it again; nothing was run.',
  query_cancelled:
    'The query was cancelled before it finished; the case is unchanged. Run it again to see its answer.',
  busy: 'Keytrail is still working on the previous request. Wait for it to finish and try again.',
  unauthorized:
    'The request was refused: it did not carry this session’s token. Use the URL that keytrail serve printed.',
  internal: 'Something went wrong inside Keytrail. The log has the details; the case is unchanged.',
};

export function describeError(error: ApiError): string {
  return sentences[error.code] ?? sentences.internal;
}
