import type { CaseSettings } from '../../../shared/model.js';
import type { Params } from '../case/CaseDb.js';
import { insertDerived } from './derivedRows.js';
import { ipPattern } from './nodeSql.js';

/**
 * Inferred links: what no identifier proves but the same workload and time suggest. Each row has
 * proof 'inferred', a reason sentence naming the rule and the values it matched, and a score in
 * (0, 1); its evidence is the records on both sides. Windows come from the case settings and go
 * in as bound parameters (microseconds). They run after the exact bridges, which give pods and
 * hosts their addresses.
 */

/** Seconds between two microsecond epochs, rounded, as text for a reason sentence. */
const seconds = (a: string, b: string) => `CAST(round(abs(${a} - ${b}) / 1e6) AS BIGINT)::VARCHAR`;

const ip = (col: string) => `(${col} IS NOT NULL AND regexp_matches(${col}, '${ipPattern}'))`;

const spanAttr = (key: string) => `(SELECT nullif(coalesce(a->'value'->>'stringValue', ''), '')
    FROM (SELECT unnest(CAST(raw->'span'->'attributes' AS JSON[])) AS a) WHERE a->>'key' = '${key}'
    LIMIT 1)`;

/**
 * SQL over `c` (a tool's HTTP client span: `host`, `path`) and `r` (an events row): true
 * when the record is the call the span made. Vault logs the path after `/v1/` (`request.path`,
 * after the Enterprise namespace's `request.namespace.path` where there is one),
 * the Kubernetes API server the whole `requestURI`, CloudTrail the host the client asked for
 * (`tlsDetails.clientProvidedHostHeader`), else the service of `eventSource` (`sts` of
 * `sts.us-east-1.amazonaws.com`).
 */
const endpointMatch = (c: string, r: string) => `(CASE ${r}.source
    WHEN 'vault.audit' THEN ${c}.path = '/v1/'
      || coalesce(${r}.raw->'request'->'namespace'->>'path', '') || (${r}.raw->'request'->>'path')
    WHEN 'k8s.audit' THEN ${c}.path = split_part(${r}.raw->>'requestURI', '?', 1)
    WHEN 'aws.cloudtrail' THEN coalesce(
      ${c}.host = (${r}.raw->'tlsDetails'->>'clientProvidedHostHeader'),
      ends_with(${c}.host, '.amazonaws.com')
        AND split_part(${c}.host, '.', 1) = split_part(${r}.raw->>'eventSource', '.', 1))
    ELSE false END)`;

/** The fields of the record the endpoint match rested on, for the reason. */
const endpointField = `(CASE source
    WHEN 'vault.audit' THEN 'request.path after /v1/'
    WHEN 'k8s.audit' THEN 'requestURI'
    ELSE 'tlsDetails.clientProvidedHostHeader or eventSource' END)`;

/**
 * A tool span -> the credential (or identity) of each record its workload made during the span,
 * give or take the margin. The workload is the agent's `runs_on` pod or host, with the addresses
 * the exact bridges gave it; an EC2 host name (`ip-10-42-3-17.ec2.internal`) spells its own
 * private address. Records of agent telemetry itself are left out (they are the span's own side),
 * and so are network flows (an address is not who acted). Where one of the tool's HTTP client
 * spans (its children, `url.full` or `http.url`, `server.address`) called the endpoint the record
 * was made at, the link scores higher, its reason names the URL and the HTTP span joins its
 * evidence; the nearest such span in time is the one named.
 */
const toolSpanSql = `
WITH tools AS (
  SELECT event_id, time, call_id, trace_id, span_id, actor AS agent, target AS tool, action,
    epoch_us(time) AS s,
    greatest(epoch_us(time), coalesce(
      try_cast(raw->'span'->>'endTimeUnixNano' AS HUGEINT) // 1000, epoch_us(time))) AS e
  FROM events
  WHERE source = 'otel.span' AND category = 'tool_call' AND starts_with(actor, 'agent:')
    AND starts_with(target, 'tool:') AND time IS NOT NULL),
http AS MATERIALIZED (
  SELECT event_id, time, call_id, trace_id, parent_span_id, epoch_us(time) AS t,
    coalesce(${spanAttr('url.full')}, ${spanAttr('http.url')}) AS url,
    coalesce(${spanAttr('server.address')}, substr(target, 10)) AS host
  FROM events
  WHERE source = 'otel.span' AND starts_with(target, 'endpoint:') AND parent_span_id IS NOT NULL
    AND time IS NOT NULL AND parent_span_id IN (SELECT span_id FROM tools)),
calls AS (
  SELECT *, nullif(regexp_extract(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*(/[^?#]*)', 1), '') AS path
  FROM http),
hosts AS (SELECT DISTINCT from_id AS agent, to_id AS workload FROM derived WHERE kind = 'runs_on'),
addresses AS (
  SELECT DISTINCT h.agent, h.workload, substr(a.to_id, 4) AS addr
  FROM hosts h JOIN derived a ON a.from_id = h.workload AND a.kind = 'from_address'
  UNION
  SELECT agent, workload,
    replace(regexp_extract(workload, '^host:ip-([0-9]+-[0-9]+-[0-9]+-[0-9]+)([.]|$)', 1), '-', '.')
  FROM hosts WHERE regexp_matches(workload, '^host:ip-[0-9]+-[0-9]+-[0-9]+-[0-9]+([.]|$)')),
matched AS (
  SELECT t.event_id AS tool_event, t.time AS tool_time, t.call_id AS tool_call, t.tool, t.action,
    t.trace_id, t.span_id, t.s, t.e, w.workload, w.addr, r.event_id, r.time, r.call_id, r.source,
    r.raw, coalesce(r.credential, r.actor) AS acting, epoch_us(r.time) AS rt
  FROM tools t JOIN addresses w ON w.agent = t.agent
  JOIN events r ON r.src_ip = w.addr
    AND epoch_us(r.time) BETWEEN t.s - $margin AND t.e + $margin
  WHERE r.source NOT IN ('otel.span', 'mcp.log') AND r.category <> 'network'
    AND coalesce(r.credential, r.actor) IS NOT NULL),
called AS (
  SELECT m.*, c.event_id AS http_event, c.time AS http_time, c.call_id AS http_call, c.url,
    c.host, c.t AS ht
  FROM matched m LEFT JOIN calls c ON c.parent_span_id = m.span_id
    AND c.trace_id IS NOT DISTINCT FROM m.trace_id
    AND ${endpointMatch('c', 'm')}
  QUALIFY row_number() OVER (PARTITION BY m.tool_event, m.event_id
    ORDER BY abs(c.t - m.rt) NULLS LAST, c.event_id) = 1),
worded AS (
  SELECT *, 'same source address ' || addr || ' ('
      || regexp_replace(workload, '^(k8s:)?([a-z]+):', '\\2 ') || ') ' || CASE WHEN rt BETWEEN s AND e THEN 'during the tool span'
        WHEN rt < s THEN 'within ' || ${seconds('rt', 's')} || ' s before the tool span'
        ELSE 'within ' || ${seconds('rt', 'e')} || ' s after the tool span' END
      || ' ' || action
      || CASE WHEN http_event IS NOT NULL THEN ', whose HTTP span called ' || coalesce(url, host)
        || ' (matching the record''s ' || ${endpointField} || ')' ELSE '' END AS reason,
    CASE WHEN rt BETWEEN s AND e THEN 0.7 ELSE 0.5 END
      + CASE WHEN http_event IS NOT NULL THEN 0.15 ELSE 0 END AS score
  FROM called)
SELECT tool_event AS event_id, tool_time AS time, tool_call AS call_id, tool AS from_id,
  acting AS to_id, 'acted_as' AS kind, 'inferred' AS proof, reason, score FROM worded
UNION ALL
SELECT event_id, time, call_id, tool, acting, 'acted_as', 'inferred', reason, score FROM worded
UNION ALL
SELECT http_event, http_time, http_call, tool, acting, 'acted_as', 'inferred', reason, score
FROM worded WHERE http_event IS NOT NULL`;

/**
 * A secret read -> the first use of a credential from the reader's address soon after: the secret
 * held that credential. Only credentials no record issued qualify (an issued one has its exact
 * origin), and only the first record of each from that address, so a key the workload used all
 * along is never pinned on a read (one used elsewhere before, from a CI runner, still is). The
 * closest read before the use wins. The clock-skew allowance is not applied here: a pod's own
 * cluster token is often first seen a minute before its Vault login, and allowing uses before the
 * read would pin such tokens on the secret.
 */
const secretUseSql = `
WITH reads AS MATERIALIZED (
  SELECT event_id, time, call_id, target AS secret, src_ip, coalesce(credential, actor) AS reader,
    epoch_us(time) AS t
  FROM events
  WHERE category = 'secret_read' AND outcome <> 'failure' AND target IS NOT NULL
    AND time IS NOT NULL AND ${ip('src_ip')}),
span AS (SELECT min(t) AS lo, max(t) + $window AS hi FROM reads),
candidates AS (
  SELECT DISTINCT e.credential, e.src_ip FROM events e, span
  WHERE e.credential IS NOT NULL AND e.src_ip IN (SELECT src_ip FROM reads)
    AND epoch_us(e.time) BETWEEN span.lo AND span.hi),
firsts AS (
  SELECT e.credential, e.src_ip, arg_min(e.event_id, (epoch_us(e.time), e.event_id)) AS event_id,
    arg_min(e.call_id, (epoch_us(e.time), e.event_id)) AS call_id, min(e.time) AS time,
    min(epoch_us(e.time)) AS t
  FROM events e SEMI JOIN candidates c ON c.credential = e.credential AND c.src_ip = e.src_ip
  WHERE e.time IS NOT NULL
  GROUP BY e.credential, e.src_ip),
unexplained AS (
  SELECT f.* FROM firsts f
  WHERE NOT EXISTS (SELECT 1 FROM events i WHERE i.issued = f.credential)),
paired AS (
  SELECT u.credential, u.event_id AS use_event, u.time AS use_time, u.call_id AS use_call, u.t AS ut,
    arg_max(r.event_id, (r.t, r.event_id)) AS read_event,
    arg_max(r.secret, (r.t, r.event_id)) AS secret, arg_max(r.time, (r.t, r.event_id)) AS read_time,
    arg_max(r.call_id, (r.t, r.event_id)) AS read_call, max(r.t) AS rt, any_value(r.src_ip) AS addr
  FROM unexplained u JOIN reads r ON r.src_ip = u.src_ip AND u.credential <> r.reader
    AND u.t BETWEEN r.t AND r.t + $window
  GROUP BY u.credential, u.event_id, u.time, u.call_id, u.t),
worded AS (
  SELECT *, 'first use of ' || credential || ' from ' || addr || ', the address that read '
      || secret || ', ' || ${seconds('ut', 'rt')} || ' s after the read' AS reason,
    0.9 - 0.4 * (ut - rt) / greatest($window, 1) AS score
  FROM paired)
SELECT read_event AS event_id, read_time AS time, read_call AS call_id, secret AS from_id,
  credential AS to_id, 'holds' AS kind, 'inferred' AS proof, reason, score FROM worded
UNION ALL
SELECT use_event, use_time, use_call, secret, credential, 'holds', 'inferred', reason, score
FROM worded`;

/**
 * A network flow -> the credential behind it: the record from the flow's source address nearest
 * to the flow's start (two ASOF joins, the last before and the first after, so each flow costs two
 * lookups whatever the volume), if it is within the window. Drawn as the credential `connected`
 * to the flow's destination. Address reuse and NAT make this weak, hence the low score. Where
 * both sides name the source port (a VPC flow's `srcport` or Zeek's `id.orig_p`, Vault's
 * `request.remote_port`), a record on the flow's own port is the flow's connection: it wins over
 * a nearer record and scores higher, and a record on another port is another connection, never
 * the flow's. A flow that answers another (a VPC flow log writes each direction: Vault's reply
 * from port 8200 to the pod's 52814) is the server's side of a connection the other flow opened,
 * not a call of whoever else logged from the server's address: it draws nothing. An answer is a
 * flow whose reverse (addresses and ports swapped) starts within the window and whose source port
 * is the lower of its two.
 */
const flowPort = `coalesce(raw->'fields'->>'srcport', raw->>'$."id.orig_p"')`;
const flowDstPort = `coalesce(raw->'fields'->>'dstport', raw->>'$."id.resp_p"')`;
const recordPort = `CASE WHEN source = 'vault.audit' THEN raw->'request'->>'remote_port' END`;

const flowSql = `
WITH all_flows AS MATERIALIZED (
  SELECT event_id, time, call_id, substr(actor, 4) AS src, target AS dst, epoch_us(time) AS t,
    nullif(${flowPort}, '') AS port, nullif(${flowDstPort}, '') AS dport
  FROM events
  WHERE category = 'network' AND starts_with(actor, 'ip:') AND starts_with(target, 'ip:')
    AND time IS NOT NULL),
answers AS (
  SELECT DISTINCT a.event_id FROM all_flows a JOIN all_flows q
    ON q.src = substr(a.dst, 4) AND q.dst = 'ip:' || a.src AND q.port = a.dport
      AND q.dport = a.port
  WHERE try_cast(a.port AS INTEGER) < try_cast(a.dport AS INTEGER) AND abs(q.t - a.t) <= $flow),
flows AS MATERIALIZED (SELECT * FROM all_flows ANTI JOIN answers USING (event_id)),
calls AS MATERIALIZED (
  SELECT event_id, time, call_id, src_ip, coalesce(credential, actor) AS acting, epoch_us(time) AS t,
    nullif(${recordPort}, '') AS port
  FROM events
  WHERE category <> 'network' AND coalesce(credential, actor) IS NOT NULL AND time IS NOT NULL
    AND ${ip('src_ip')} AND src_ip IN (SELECT src FROM flows)),
sides AS (
  SELECT f.event_id AS flow_event, f.time AS flow_time, f.call_id AS flow_call, f.src, f.dst,
    f.t AS ft, f.port AS fport, c.event_id, c.time, c.call_id, c.acting, c.t AS ct, c.port AS cport
  FROM flows f ASOF JOIN calls c ON c.src_ip = f.src AND f.t >= c.t
  UNION ALL
  SELECT f.event_id, f.time, f.call_id, f.src, f.dst, f.t, f.port, c.event_id, c.time, c.call_id,
    c.acting, c.t, c.port
  FROM flows f ASOF JOIN calls c ON c.src_ip = f.src AND f.t <= c.t
  UNION ALL
  SELECT f.event_id, f.time, f.call_id, f.src, f.dst, f.t, f.port, c.event_id, c.time, c.call_id,
    c.acting, c.t, c.port
  FROM flows f JOIN calls c ON c.src_ip = f.src AND c.port = f.port
  WHERE abs(c.t - f.t) <= $flow),
matched AS (
  SELECT *, fport = cport AS same_port FROM sides
  WHERE abs(ct - ft) <= $flow AND (fport IS NULL OR cport IS NULL OR fport = cport)
  QUALIFY row_number() OVER (PARTITION BY flow_event
    ORDER BY coalesce(fport = cport, false) DESC, abs(ct - ft), ct, event_id) = 1),
worded AS (
  SELECT *, CASE WHEN same_port
      THEN 'flow from ' || src || ':' || fport || ' to ' || substr(dst, 4) || ' within '
        || ${seconds('ft', 'ct')} || ' s of a record of ' || acting || ' from ' || src || ':'
        || cport || ' (address and source port matched)'
      ELSE 'flow from ' || src || ' to ' || substr(dst, 4) || ' within ' || ${seconds('ft', 'ct')}
        || ' s of a record of ' || acting || ' from ' || src END AS reason,
    CASE WHEN same_port THEN 0.8 ELSE 0.4 END AS score
  FROM matched)
SELECT flow_event AS event_id, flow_time AS time, flow_call AS call_id, acting AS from_id,
  dst AS to_id, 'connected' AS kind, 'inferred' AS proof, reason, score FROM worded
UNION ALL
SELECT event_id, time, call_id, acting, dst, 'connected', 'inferred', reason, score FROM worded`;

/**
 * A sign-in session at the identity provider -> the AWS session it federated into: an Okta or
 * Entra sign-in (the Okta session it was made in or started, the Entra token it issued) and a
 * CloudTrail `AssumeRoleWithSAML` from the same address, the nearest sign-in on either side
 * within the clock-skew allowance (a browser posts the SAML assertion within seconds of the
 * sign-in, so the gap is mostly the two services' clocks). The assertion itself is not in either
 * log, so no identifier joins them. Where both records name the person (the sign-in's login,
 * `actor.alternateId` or `userPrincipalName`, and the SAML subject, `userIdentity.userName`), a
 * sign-in of the same name wins over a nearer one and scores higher, and one of another name
 * (someone else behind the same NAT) never counts. Drawn as the sign-in's session `issued` the key
 * the call issued; by address alone the score falls from 0.6 at no gap to 0.4 at the allowance's
 * end, 0.2 more with the name matched.
 */
const samlSessionSql = `
WITH signins AS MATERIALIZED (
  SELECT event_id, time, call_id, coalesce(credential, issued) AS session, action, src_ip,
    epoch_us(time) AS t, lower(nullif(actor_display, '')) AS who
  FROM events
  WHERE source IN ('okta.system', 'entra.signin') AND category = 'authentication'
    AND outcome = 'success' AND coalesce(credential, issued) IS NOT NULL AND time IS NOT NULL
    AND ${ip('src_ip')}),
federations AS (
  SELECT event_id, time, call_id, issued, src_ip, epoch_us(time) AS t,
    lower(nullif(coalesce(raw->'userIdentity'->>'userName', raw->'responseElements'->>'subject'),
      '')) AS who
  FROM events
  WHERE source = 'aws.cloudtrail' AND action = 'AssumeRoleWithSAML' AND outcome = 'success'
    AND issued IS NOT NULL AND time IS NOT NULL AND src_ip IN (SELECT src_ip FROM signins)),
sides AS (
  SELECT f.event_id AS fed_event, f.time AS fed_time, f.call_id AS fed_call, f.issued, f.src_ip,
    f.t AS ft, f.who AS fwho, s.event_id, s.time, s.call_id, s.session, s.action, s.t AS st,
    s.who AS swho
  FROM federations f ASOF JOIN signins s ON s.src_ip = f.src_ip AND f.t >= s.t
  UNION ALL
  SELECT f.event_id, f.time, f.call_id, f.issued, f.src_ip, f.t, f.who, s.event_id, s.time,
    s.call_id, s.session, s.action, s.t, s.who
  FROM federations f ASOF JOIN signins s ON s.src_ip = f.src_ip AND f.t <= s.t
  UNION ALL
  SELECT f.event_id, f.time, f.call_id, f.issued, f.src_ip, f.t, f.who, s.event_id, s.time,
    s.call_id, s.session, s.action, s.t, s.who
  FROM federations f JOIN signins s ON s.src_ip = f.src_ip AND s.who = f.who
  WHERE abs(f.t - s.t) <= $skew),
matched AS (
  SELECT *, fwho = swho AS same_name FROM sides
  WHERE abs(ft - st) <= $skew AND (fwho IS NULL OR swho IS NULL OR fwho = swho)
  QUALIFY row_number() OVER (PARTITION BY fed_event
    ORDER BY coalesce(fwho = swho, false) DESC, abs(ft - st), st, event_id) = 1),
worded AS (
  SELECT *, 'sign-in session ' || session || ' (' || action || ') from ' || src_ip || ', '
      || ${seconds('ft', 'st')} || ' s ' || CASE WHEN ft >= st THEN 'before' ELSE 'after' END
      || ' AssumeRoleWithSAML from the same address'
      || CASE WHEN same_name THEN ' for the same name, ' || swho ELSE '' END AS reason,
    0.6 - 0.2 * abs(ft - st) / greatest($skew, 1) + CASE WHEN same_name THEN 0.2 ELSE 0 END
      AS score
  FROM matched)
SELECT event_id, time, call_id, session AS from_id, issued AS to_id, 'issued' AS kind,
  'inferred' AS proof, reason, score FROM worded
UNION ALL
SELECT fed_event, fed_time, fed_call, session, issued, 'issued', 'inferred', reason, score
FROM worded`;

const micros = (s: number) => BigInt(Math.round(s * 1_000_000));

/** The inferred-link statements of a rebuild with their bound windows, in order. */
export function inferredSteps(settings: CaseSettings): [string, string, Params][] {
  return [
    [
      'inferring what tool spans did through their workload',
      insertDerived(toolSpanSql),
      { margin: micros(settings.toolSpanMarginSeconds) },
    ],
    [
      'inferring the credentials secret reads gave',
      insertDerived(secretUseSql),
      { window: micros(settings.secretUseWindowSeconds) },
    ],
    [
      'inferring who was behind network flows',
      insertDerived(flowSql),
      { flow: micros(settings.flowWindowSeconds) },
    ],
    [
      'inferring the sign-in sessions behind federated AWS sessions',
      insertDerived(samlSessionSql),
      { skew: micros(settings.clockSkewSeconds) },
    ],
  ];
}
