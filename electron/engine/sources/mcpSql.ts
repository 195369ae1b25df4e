import { rejectedCategory } from '../ingest/jsonBatch.js';
import { anyTimeSql } from './timeSql.js';

/**
 * MCP logs: JSON-RPC 2.0 messages one a line, either bare or in the logging wrapper
 * `{"timestamp", "session_id", "direction", "message": {...}}` (docs/sources/agents.md). A
 * request and its result or error, paired by session and id, are one event, kept under the
 * request's line; a request with no answer in the batch is an event with outcome `unknown`, and an
 * answer whose request is missing is an event of its own. Notifications are events too.
 *
 * Bare messages name no session: the file is their session (`file:<evidence id>`), so ids repeat
 * harmlessly across files. `call_id` is `<session>:<id>`.
 */

const messageSql = `CASE WHEN json_type(raw, '$.message') = 'OBJECT' THEN json_extract(raw, '$.message')
  ELSE raw END`;

const fieldsSql = `SELECT evidence_id, sha, g, raw, ok, m,
    nullif(raw->>'$.timestamp', '') AS time_raw,
    nullif(raw->>'$.session_id', '') AS session_id,
    coalesce(nullif(raw->>'$.session_id', ''), 'file:' || evidence_id) AS sess,
    nullif(m->>'$.id', '') AS id,
    nullif(m->>'$.method', '') AS method,
    nullif(m->>'$.params.name', '') AS tool,
    nullif(m->>'$.params.clientInfo.name', '') AS client,
    nullif(m->>'$.result.serverInfo.name', '') AS server,
    json_type(m, '$.result') IS NOT NULL AS has_result,
    coalesce(m->>'$.result.isError' = 'true', false) AS is_error,
    json_type(m, '$.error') IS NOT NULL AS has_error,
    m->>'$.error.code' AS error_code,
    coalesce(m->>'$.error.message', left(m->>'$.result.content[0].text', 1000)) AS error_text
  FROM parsed WHERE ok`;

const kindSql = `SELECT *, CASE
    WHEN method IS NOT NULL AND id IS NOT NULL THEN 'request'
    WHEN method IS NOT NULL THEN 'notification'
    WHEN id IS NOT NULL AND (has_result OR has_error) THEN 'response'
    ELSE 'other' END AS kind
  FROM fields`;

/** What a session's `initialize` exchange says: the client (the agent) and the server. */
const sessionsSql = `SELECT sess, min(client) FILTER (WHERE method = 'initialize') AS agent,
    min(server) AS server_name
  FROM kinds GROUP BY sess`;

/** The first answer to each (session, id). */
const answersSql = `SELECT sess, id, arg_min(g, g) AS ans_g, arg_min(raw, g) AS ans_raw,
    arg_min(evidence_id, g) AS ans_evidence, bool_or(has_error OR is_error) AS failed,
    arg_min(error_code, g) AS ans_code, arg_min(error_text, g) AS ans_text,
    arg_min(has_error OR has_result, g) AS answered
  FROM kinds WHERE kind = 'response' GROUP BY sess, id`;

const requestIds = `SELECT DISTINCT sess, id FROM kinds WHERE kind = 'request'`;

/** Every event: requests with their answers, lone answers, notifications and other objects. */
const callsSql = `SELECT k.evidence_id, k.sha, k.g, k.time_raw, k.session_id, k.sess, k.id,
    k.method, k.tool, a.answered IS NOT NULL AS answered, coalesce(a.failed, false) AS failed,
    a.ans_code AS error_code, CASE WHEN a.failed THEN a.ans_text END AS error_text,
    CASE WHEN a.ans_raw IS NULL THEN k.raw::VARCHAR
      ELSE json_object('request', k.raw, 'response', a.ans_raw)::VARCHAR END AS raw
  FROM kinds k LEFT JOIN answers a USING (sess, id) WHERE k.kind = 'request'
  UNION ALL
  SELECT evidence_id, sha, g, time_raw, session_id, sess, id, method, NULL, kind = 'response',
    has_error OR is_error, CASE WHEN has_error THEN error_code END,
    CASE WHEN has_error OR is_error THEN error_text END, raw::VARCHAR
  FROM kinds k WHERE kind IN ('notification', 'other')
    OR (kind = 'response' AND NOT EXISTS (SELECT 1 FROM (${requestIds}) q
      WHERE q.sess = k.sess AND q.id = k.id))`;

const isToolCall = `method = 'tools/call' AND tool IS NOT NULL`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, target, target_display, call_id, raw`;

export function insertEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
        ${messageSql} AS m FROM ${stage}),
      fields AS (${fieldsSql}),
      kinds AS MATERIALIZED (${kindSql}),
      sessions AS (${sessionsSql}),
      answers AS (${answersSql}),
      calls AS (${callsSql})
    SELECT md5(c.sha || ':' || c.g), c.evidence_id, c.g, ${anyTimeSql('c.time_raw')},
      c.time_raw, 'mcp.log', CASE WHEN ${isToolCall} THEN 'tool_call' ELSE 'api_call' END,
      CASE WHEN ${isToolCall} THEN 'tools/call ' || tool ELSE coalesce(method, 'response') END,
      CASE WHEN failed THEN 'failure' WHEN answered THEN 'success' ELSE 'unknown' END,
      c.error_code, c.error_text, 'agent:' || s.agent, CASE WHEN s.agent IS NOT NULL THEN 'agent' END,
      CASE WHEN ${isToolCall}
        THEN 'tool:' || coalesce(s.server_name, c.session_id, 'mcp') || '/' || tool END,
      CASE WHEN ${isToolCall} THEN tool END,
      CASE WHEN c.id IS NOT NULL THEN c.sess || ':' || c.id END, c.raw
    FROM calls c LEFT JOIN sessions s USING (sess)
    UNION ALL
    SELECT md5(sha || ':' || g), evidence_id, g, NULL, NULL, 'mcp.log', '${rejectedCategory}',
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, raw::VARCHAR
    FROM parsed WHERE NOT ok`;
}

/**
 * `called_tool` agent -> tool for each answered or unanswered `tools/call` whose session's
 * `initialize` request named the client.
 */
export const insertLinksSql = `INSERT INTO source_links (event_id, from_id, to_id, kind, proof,
    reason, score)
  SELECT event_id, actor, target, 'called_tool', 'exact',
    'params.clientInfo.name of the initialize request and params.name of tools/call in one session',
    1
  FROM events WHERE list_contains($ids, evidence_id) AND source = 'mcp.log'
    AND category = 'tool_call' AND starts_with(actor, 'agent:') AND starts_with(target, 'tool:')`;
