import { rejectedCategory } from '../ingest/jsonBatch.js';

/**
 * OTLP/JSON traces (ExportTraceServiceRequest, one request a line as the Collector's file exporter
 * writes them) with the GenAI semantic conventions. A line holds many spans; each span is one
 * event. `record_no` counts spans in file order (resource, scope and span order within a line) and
 * the event id is `md5(sha:line:resource:scope:span)`, so both stay the same whenever the file is
 * loaded again. `raw` is `{"line", "resource", "scope", "span"}`: the span's JSON text with what
 * its line says about the workload around it.
 */

const V = 'VARCHAR';
const attr = { key: V, value: { stringValue: V, intValue: V, boolValue: V, doubleValue: V } };
const shape = {
  resourceSpans: [
    {
      resource: { attributes: [attr] },
      scopeSpans: [
        {
          scope: { name: V },
          spans: [
            {
              traceId: V,
              spanId: V,
              parentSpanId: V,
              name: V,
              kind: V,
              startTimeUnixNano: V,
              endTimeUnixNano: V,
              attributes: [attr],
              status: { code: V, message: V },
            },
          ],
        },
      ],
    },
  ],
};

const shapeSql = JSON.stringify(shape).replace(/'/g, "''");

/**
 * SQL: the value of the first attribute in the list `list` named one of `keys` (tried in order,
 * for names the conventions changed), as text; NULL when absent or empty.
 */
export function attrSql(list: string, ...keys: string[]): string {
  const one = (key: string) =>
    `nullif(list_transform(list_filter(${list}, lambda a: a.key = '${key}'),
      lambda a: coalesce(a.value.stringValue, a.value.intValue, a.value.boolValue,
        a.value.doubleValue))[1], '')`;
  return keys.length === 1 ? one(keys[0]!) : `coalesce(${keys.map(one).join(', ')})`;
}

/**
 * SQL: TIMESTAMPTZ from nanoseconds since the epoch written as text, cut to microseconds in
 * integer arithmetic (a DOUBLE would round them). Zero means unset in OTLP: NULL.
 */
export function unixNanoSql(text: string): string {
  return `(CASE WHEN regexp_full_match(${text}, '[0-9]{1,19}') AND ${text}::BIGINT > 0
    THEN make_timestamp(${text}::BIGINT // 1000) AT TIME ZONE 'UTC' END)`;
}

/** Span ids are hex; some writers give them upper case or empty for "no parent". */
const hexId = (x: string) => `nullif(lower(${x}), '')`;

const spansSql = `SELECT p.evidence_id, p.sha, p.g, p.raw, rsu.ri, ssu.si, spu.pi,
    rsu.rs.resource.attributes AS res, ssu.ss.scope.name AS scope_name, spu.sp AS sp
  FROM parsed p,
    unnest(p.r.resourceSpans) WITH ORDINALITY AS rsu(rs, ri),
    unnest(rsu.rs.scopeSpans) WITH ORDINALITY AS ssu(ss, si),
    unnest(ssu.ss.spans) WITH ORDINALITY AS spu(sp, pi)
  WHERE p.ok`;

/**
 * The fields of a span, by name. GenAI names that changed: the provider is
 * `gen_ai.provider.name` (newer) or `gen_ai.system` (older); HTTP client spans give
 * `http.request.method`, `url.full`, `server.address` (stable HTTP conventions) or `http.method`,
 * `http.url`, `net.peer.name` (before them).
 */
const fieldsSql = `SELECT evidence_id, sha, g, ri, si, pi,
    evidence_id || ':' || g || ':' || ri || ':' || si || ':' || pi AS k,
    ${hexId('sp.traceId')} AS trace_id,
    ${hexId('sp.spanId')} AS span_id,
    ${hexId('sp.parentSpanId')} AS parent_id,
    sp.name AS span_name,
    sp.startTimeUnixNano AS start_raw,
    sp.status.code AS status_code,
    nullif(sp.status.message, '') AS status_message,
    ${attrSql('sp.attributes', 'gen_ai.operation.name')} AS op,
    coalesce(${attrSql('sp.attributes', 'gen_ai.agent.id', 'gen_ai.agent.name')}) AS own_agent,
    ${attrSql('sp.attributes', 'gen_ai.agent.name')} AS agent_name,
    ${attrSql('sp.attributes', 'gen_ai.tool.name')} AS tool,
    ${attrSql('sp.attributes', 'gen_ai.provider.name', 'gen_ai.system')} AS provider,
    ${attrSql('sp.attributes', 'http.request.method', 'http.method')} AS http_method,
    coalesce(${attrSql('sp.attributes', 'server.address', 'net.peer.name')},
      nullif(regexp_extract(${attrSql('sp.attributes', 'url.full', 'http.url')},
        '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?(\\[[^]]*\\]|[^:/?#]+)', 1), '')) AS http_host,
    ${attrSql('sp.attributes', 'client.address', 'net.sock.peer.addr')} AS client_ip,
    ${attrSql('res', 'service.name')} AS service,
    ${attrSql('res', 'k8s.namespace.name')} AS pod_ns,
    ${attrSql('res', 'k8s.pod.name')} AS pod,
    ${attrSql('res', 'host.name')} AS host,
    ${attrSql('res', 'cloud.account.id')} AS account,
    ${attrSql('res', 'cloud.region')} AS region,
    json_object('line', g, 'resource', json_extract(raw, '$.resourceSpans[' || (ri - 1) || '].resource'),
      'scope', json_extract(raw, '$.resourceSpans[' || (ri - 1) || '].scopeSpans[' || (si - 1)
        || '].scope'),
      'span', json_extract(raw, '$.resourceSpans[' || (ri - 1) || '].scopeSpans[' || (si - 1)
        || '].spans[' || (pi - 1) || ']')) AS raw
  FROM spans`;

/**
 * The ancestors of every span, nearest first, through `parentSpanId` within its trace (in this
 * batch). A chain deeper than 64 spans, or a loop in hostile data, stops there.
 */
const walkSql = `SELECT k, trace_id, parent_id AS at, 1 AS depth FROM fields
    WHERE parent_id IS NOT NULL AND trace_id IS NOT NULL
  UNION ALL
  SELECT w.k, w.trace_id, f.parent_id, w.depth + 1 FROM walk w
    JOIN fields f ON f.trace_id = w.trace_id AND f.span_id = w.at
    WHERE f.parent_id IS NOT NULL AND w.depth < 64`;

/** The nearest `invoke_agent` and `execute_tool` ancestors of each span. */
const ancestrySql = `SELECT w.k,
    arg_min(f.own_agent, w.depth) FILTER (WHERE f.op = 'invoke_agent') AS parent_agent,
    arg_min(f.tool, w.depth) FILTER (WHERE f.op = 'execute_tool') AS parent_tool
  FROM walk w JOIN fields f ON f.trace_id = w.trace_id AND f.span_id = w.at
  GROUP BY w.k`;

/** The agent of a trace, when exactly one agent is named by its `invoke_agent` spans. */
const traceAgentSql = `SELECT trace_id, min(own_agent) AS trace_agent FROM fields
  WHERE op = 'invoke_agent' AND own_agent IS NOT NULL AND trace_id IS NOT NULL
  GROUP BY trace_id HAVING count(DISTINCT own_agent) = 1`;

/**
 * Who a span acts for: an agent span's own agent; else the nearest agent span above it; else the
 * agent its own attributes name; else its trace's only agent.
 */
const normalSql = `SELECT f.*,
    CASE WHEN f.op = 'invoke_agent' THEN f.own_agent
      ELSE coalesce(a.parent_agent, f.own_agent, t.trace_agent) END AS agent,
    a.parent_tool,
    f.http_method IS NOT NULL AND f.op IS NULL AS http
  FROM fields f LEFT JOIN ancestry a USING (k) LEFT JOIN trace_agent t USING (trace_id)`;

const category = `CASE op WHEN 'invoke_agent' THEN 'agent_run' WHEN 'execute_tool' THEN 'tool_call'
    ELSE 'api_call' END`;

/** `STATUS_CODE_ERROR` is 2 and `STATUS_CODE_OK` 1; unset (0 or absent) says nothing. */
const outcome = `CASE WHEN status_code IN ('2', 'STATUS_CODE_ERROR') THEN 'failure'
    WHEN status_code IN ('1', 'STATUS_CODE_OK') THEN 'success' ELSE 'unknown' END`;

const toolNode = (name: string) => `'tool:' || agent || '/' || ${name}`;

/** An HTTP client span below a tool span is that tool's call: the tool acts, on the endpoint. */
const actor = `CASE
    WHEN http AND parent_tool IS NOT NULL AND agent IS NOT NULL THEN ${toolNode('parent_tool')}
    WHEN agent IS NOT NULL THEN 'agent:' || agent
  END`;

const target = `CASE
    WHEN op = 'execute_tool' AND tool IS NOT NULL AND agent IS NOT NULL THEN ${toolNode('tool')}
    WHEN http AND http_host IS NOT NULL THEN 'endpoint:' || lower(http_host)
  END`;

const action = `coalesce(CASE WHEN op = 'execute_tool' AND tool IS NOT NULL
    THEN 'execute_tool ' || tool END,
  CASE WHEN http THEN http_method END, op, span_name)`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_message, actor, actor_kind, actor_display, target, target_display, src_ip,
  account, region, trace_id, span_id, parent_span_id, call_id, raw`;

/**
 * Insert a batch's spans as events, and each line that is not a JSON object with the rejected
 * marker (record_no = its line number, which the rejection message names).
 */
export function insertEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH RECURSIVE
      parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
        json_transform(raw, '${shapeSql}') AS r FROM ${stage}),
      spans AS (${spansSql}),
      fields AS MATERIALIZED (${fieldsSql}),
      walk AS (${walkSql}),
      ancestry AS (${ancestrySql}),
      trace_agent AS (${traceAgentSql}),
      normal AS (${normalSql}),
      acting AS (SELECT *, ${actor} AS actor, ${target} AS target FROM normal)
    SELECT md5(sha || ':' || g || ':' || ri || ':' || si || ':' || pi), evidence_id,
      row_number() OVER (PARTITION BY evidence_id ORDER BY g, ri, si, pi),
      ${unixNanoSql('start_raw')}, start_raw, 'otel.span', ${category}, ${action}, ${outcome},
      status_message, actor,
      CASE WHEN starts_with(actor, 'tool:') THEN 'tool' WHEN actor IS NOT NULL THEN 'agent' END,
      CASE WHEN op = 'invoke_agent' THEN coalesce(agent_name, agent) END, target,
      CASE WHEN op = 'execute_tool' THEN tool WHEN http THEN lower(http_host) END, client_ip,
      account, region, trace_id, span_id, parent_id,
      trace_id || ':' || span_id,
      raw
    FROM acting
    UNION ALL
    SELECT md5(sha || ':' || g), evidence_id, g, NULL, NULL, 'otel.span', '${rejectedCategory}',
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
      raw::VARCHAR
    FROM parsed WHERE NOT ok`;
}

const resourceShapeSql = JSON.stringify({ attributes: [attr] }).replace(/'/g, "''");

/** Nearest agent span above each tool span of the batch, through the whole case's spans. */
const toolWalkSql = `SELECT event_id, trace_id, parent_span_id AS at, 1 AS depth FROM tools
  UNION ALL
  SELECT w.event_id, w.trace_id, e.parent_span_id, w.depth + 1 FROM walk w
    JOIN spans e ON e.trace_id = w.trace_id AND e.span_id = w.at
    WHERE e.category <> 'agent_run' AND e.parent_span_id IS NOT NULL AND w.depth < 64`;

/**
 * Source links of a batch (evidence ids in `$ids`):
 * - `called_tool` agent -> tool for each tool span: exact when the tool span's parent chain
 *   (`traceId`, `parentSpanId`) reaches an `invoke_agent` span of that agent; inferred otherwise
 *   (the agent came from the tool span's own `gen_ai.agent.*` or from its trace's only agent);
 * - `runs_on` agent -> the workload its spans' resource names: `k8s:pod:<ns>/<pod>` from
 *   `k8s.namespace.name` and `k8s.pod.name`, else `host:<host.name>`.
 */
export const insertLinksSql = `INSERT INTO source_links (event_id, from_id, to_id, kind, proof,
    reason, score)
  WITH RECURSIVE
    tools AS (SELECT event_id, trace_id, parent_span_id, actor, target FROM events
      WHERE list_contains($ids, evidence_id) AND source = 'otel.span' AND category = 'tool_call'
        AND starts_with(actor, 'agent:') AND starts_with(target, 'tool:')),
    spans AS MATERIALIZED (SELECT trace_id, span_id, parent_span_id, category, actor FROM events
      WHERE source = 'otel.span' AND trace_id IN (SELECT trace_id FROM tools)),
    walk AS (${toolWalkSql}),
    found AS (SELECT w.event_id, arg_min(e.actor, w.depth) AS agent FROM walk w
      JOIN spans e ON e.trace_id = w.trace_id AND e.span_id = w.at AND e.category = 'agent_run'
      GROUP BY w.event_id),
    agents AS (SELECT event_id, actor,
        json_transform(raw->'$.resource', '${resourceShapeSql}').attributes AS res
      FROM events WHERE list_contains($ids, evidence_id) AND source = 'otel.span'
        AND category = 'agent_run' AND starts_with(actor, 'agent:')),
    workloads AS (SELECT event_id, actor,
        ${attrSql('res', 'k8s.namespace.name')} AS ns, ${attrSql('res', 'k8s.pod.name')} AS pod,
        ${attrSql('res', 'host.name')} AS host
      FROM agents)
  SELECT t.event_id, t.actor, t.target, 'called_tool',
    CASE WHEN f.agent = t.actor THEN 'exact' ELSE 'inferred' END,
    CASE WHEN f.agent = t.actor
      THEN 'traceId and parentSpanId chain from the execute_tool span to the invoke_agent span'
      ELSE 'gen_ai.agent.id or gen_ai.agent.name of the tool span, or the only agent of its traceId'
    END,
    CASE WHEN f.agent = t.actor THEN 1 ELSE 0.8 END
  FROM tools t LEFT JOIN found f USING (event_id)
  UNION ALL
  SELECT event_id, actor, 'k8s:pod:' || ns || '/' || pod, 'runs_on', 'exact',
    'gen_ai.agent.id (or name) and resource k8s.namespace.name, k8s.pod.name of one span', 1
    FROM workloads WHERE ns IS NOT NULL AND pod IS NOT NULL
  UNION ALL
  SELECT event_id, actor, 'host:' || host, 'runs_on', 'exact',
    'gen_ai.agent.id (or name) and resource host.name of one span', 1
    FROM workloads WHERE (ns IS NULL OR pod IS NULL) AND host IS NOT NULL`;
