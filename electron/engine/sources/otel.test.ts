import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseDb } from '../case/CaseDb.js';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * test/fixtures/otel/claims-triage.otlp.jsonl is written by hand (no real export is in the corpus,
 * see PROVENANCE.md). Field names come from the OTLP/JSON encoding of ExportTraceServiceRequest
 * (opentelemetry-proto, `resourceSpans[].resource.attributes`, `scopeSpans[].spans[]`, `traceId`,
 * `spanId`, `parentSpanId`, `startTimeUnixNano` as a string, `status.code` 1 OK / 2 ERROR), the
 * resource conventions (`service.name`, `k8s.namespace.name`, `k8s.pod.name`, `host.name`), the
 * GenAI conventions (`gen_ai.operation.name`, `gen_ai.agent.id`, `gen_ai.agent.name`,
 * `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.system` older / `gen_ai.provider.name`
 * newer) and the HTTP conventions (`http.request.method`, `url.full`, `server.address`; the
 * older `http.method`, `http.url`, `net.peer.name` on line 2). Ids and times are made up. Spans in
 * file order (record_no):
 *  line 1: 1 invoke_agent claims-triage (root, pod agents/triage-7f9c)
 *          2 chat, child of 1
 *          3 execute_tool vault_read, child of 1
 *          4 HTTP GET to vault.internal.example, child of 3
 *  line 2: 5 execute_tool aws_cli, child of 1, status ERROR "exit status 255"
 *          6 HTTP POST to sts.amazonaws.com (older names), child of 5
 */
const fixture = resolve(
  import.meta.dirname,
  '../../../test/fixtures/otel/claims-triage.otlp.jsonl',
);

const TRACE = '5b8efff798038103d269b633813fc60c';
const AGENT = 'agent:claims-triage';
const VAULT_READ = 'tool:claims-triage/vault_read';
const AWS_CLI = 'tool:claims-triage/aws_cli';

const temp = useTempCase();

type Row = Record<string, unknown>;

describe('OTLP JSON traces with GenAI conventions', () => {
  it('makes one event of each span, counted in file order across lines', async () => {
    const result = await ingest(temp.db, [fixture]);
    expect(result.files[0]).toMatchObject({ format: 'otel.span', recordsRead: 6 });

    const rows = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS n, category, action, outcome, actor, target, span_id,
         parent_span_id FROM events ORDER BY record_no`,
    );
    expect(rows).toEqual([
      {
        n: 1,
        category: 'agent_run',
        action: 'invoke_agent',
        outcome: 'success',
        actor: AGENT,
        target: null,
        span_id: 'eee19b7ec3c1b174',
        parent_span_id: null,
      },
      {
        n: 2,
        category: 'api_call',
        action: 'chat',
        outcome: 'unknown',
        actor: AGENT,
        target: null,
        span_id: '0f3b1a9d2c4e5f60',
        parent_span_id: 'eee19b7ec3c1b174',
      },
      {
        n: 3,
        category: 'tool_call',
        action: 'execute_tool vault_read',
        outcome: 'success',
        actor: AGENT,
        target: VAULT_READ,
        span_id: 'b3c4d5e6f7a80912',
        parent_span_id: 'eee19b7ec3c1b174',
      },
      {
        n: 4,
        category: 'api_call',
        action: 'GET',
        outcome: 'unknown',
        actor: VAULT_READ,
        target: 'endpoint:vault.internal.example',
        span_id: '7a1c2e3f4b5d6e70',
        parent_span_id: 'b3c4d5e6f7a80912',
      },
      {
        n: 5,
        category: 'tool_call',
        action: 'execute_tool aws_cli',
        outcome: 'failure',
        actor: AGENT,
        target: AWS_CLI,
        span_id: 'c1d2e3f4a5b60718',
        parent_span_id: 'eee19b7ec3c1b174',
      },
      {
        n: 6,
        category: 'api_call',
        action: 'POST',
        outcome: 'failure',
        actor: AWS_CLI,
        target: 'endpoint:sts.amazonaws.com',
        span_id: 'd2e3f4a5b6c70819',
        parent_span_id: 'c1d2e3f4a5b60718',
      },
    ]);
    const traces = await temp.db.all<Row>(`SELECT DISTINCT trace_id FROM events`);
    expect(traces).toEqual([{ trace_id: TRACE }]);
  });

  it('keeps span start times to the microsecond and the nanosecond text as written', async () => {
    await ingest(temp.db, [fixture]);

    // 1764580442 s since the epoch is 2025-12-01 09:14:02 UTC (20423 days * 86400 = 1764547200,
    // plus 33242 s = 9 h 14 min 2 s); the nanosecond part is cut, not rounded, to microseconds.
    const rows = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS n, time_raw,
         strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t
       FROM events WHERE record_no IN (1, 3, 5) ORDER BY record_no`,
    );
    expect(rows).toEqual([
      { n: 1, time_raw: '1764580442118204517', t: '2025-12-01 09:14:02.118204' },
      { n: 3, time_raw: '1764580444001002003', t: '2025-12-01 09:14:04.001002' },
      { n: 5, time_raw: '1764580445500000001', t: '2025-12-01 09:14:05.500000' },
    ]);
  });

  it('links the agent to the tools it called through the trace, and to its pod', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    const links = await temp.db.all<Row>(
      `SELECT from_id AS "from", kind, to_id AS "to", proof FROM links
       WHERE from_id = $agent ORDER BY kind, to_id`,
      { agent: AGENT },
    );
    expect(links).toEqual([
      { from: AGENT, kind: 'called_tool', to: AWS_CLI, proof: 'exact' },
      { from: AGENT, kind: 'called_tool', to: VAULT_READ, proof: 'exact' },
      { from: AGENT, kind: 'runs_on', to: 'k8s:pod:agents/triage-7f9c', proof: 'exact' },
    ]);
    const endpoints = await temp.db.all<Row>(
      `SELECT from_id AS "from", to_id AS "to" FROM links WHERE kind = 'accessed'
       ORDER BY from_id`,
    );
    expect(endpoints).toEqual([
      { from: AWS_CLI, to: 'endpoint:sts.amazonaws.com' },
      { from: VAULT_READ, to: 'endpoint:vault.internal.example' },
    ]);
  });

  it('gives the same event ids when the file is loaded into another case', async () => {
    await ingest(temp.db, [fixture]);
    const first = await temp.db.all<Row>(`SELECT event_id FROM events ORDER BY record_no`);
    const other = await CaseDb.open(join(temp.dir, 'other.keytrail.duckdb'), { create: true });
    try {
      await ingest(other, [fixture]);
      expect(await other.all<Row>(`SELECT event_id FROM events ORDER BY record_no`)).toEqual(first);
    } finally {
      other.close();
    }
  });

  it('takes a tool span without its agent span from the agent it names, as inferred', async () => {
    const file = join(temp.dir, 'orphan.otlp.jsonl');
    const span = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: '00f067aa0ba902b7',
      parentSpanId: '1111111111111111',
      name: 'execute_tool kubectl',
      startTimeUnixNano: '1764580500000000000',
      attributes: [
        { key: 'gen_ai.operation.name', value: { stringValue: 'execute_tool' } },
        { key: 'gen_ai.agent.name', value: { stringValue: 'ops-bot' } },
        { key: 'gen_ai.tool.name', value: { stringValue: 'kubectl' } },
      ],
    };
    writeFileSync(file, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));

    await ingest(temp.db, [file]);
    await rebuildGraph(temp.db);

    const links = await temp.db.all<Row>(`SELECT from_id, kind, to_id, proof FROM links`);
    expect(links).toEqual([
      {
        from_id: 'agent:ops-bot',
        kind: 'called_tool',
        to_id: 'tool:ops-bot/kubectl',
        proof: 'inferred',
      },
    ]);
  });
  it('names a malformed line by number, reads nanoseconds written as a number, runs on a host', async () => {
    // Line 1: an agent span whose resource names only host.name, its start time a JSON number
    // (1764580500 s is 2025-12-01 09:15:00 UTC: 33300 s after 2025-12-01 00:00, 1764547200);
    // line 2: a request cut short.
    const file = join(temp.dir, 'host.otlp.jsonl');
    const line1 =
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"host.name","value":' +
      '{"stringValue":"build-runner-2"}}]},"scopeSpans":[{"spans":[{"traceId":' +
      '"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","parentSpanId":"",' +
      '"name":"invoke_agent","startTimeUnixNano":1764580500123456789,"attributes":[{"key":' +
      '"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":' +
      '"gen_ai.agent.name","value":{"stringValue":"release-bot"}}]}]}]}]}';
    writeFileSync(file, `${line1}\n{"resourceSpans":[{"resource":\n`);

    const result = await ingest(temp.db, [file]);
    await rebuildGraph(temp.db);

    expect(result.files[0]).toMatchObject({ recordsRead: 1, recordsRejected: 1 });
    expect(result.files[0]!.firstError).toMatch(/^record 2: /);
    const time = await temp.db.one<Row>(
      `SELECT strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t FROM events`,
    );
    expect(time).toEqual({ t: '2025-12-01 09:15:00.123456' });
    const links = await temp.db.all<Row>(`SELECT from_id, kind, to_id, proof FROM links`);
    expect(links).toEqual([
      {
        from_id: 'agent:release-bot',
        kind: 'runs_on',
        to_id: 'host:build-runner-2',
        proof: 'exact',
      },
    ]);
  });
});
