import { alnumFor, hexFor } from '../prng.js';
import { at, copilotPod, copilotVault, docsPod, type Pod } from './cast.js';

/**
 * The agents' traces (otel/ops-copilot-traces.jsonl): OTLP/JSON, one ExportTraceServiceRequest a
 * line as the Collector's file exporter writes them, spans in the GenAI conventions, after
 * test/fixtures/otel/claims-triage.otlp.jsonl. A batch is exported when its spans have ended, so
 * a trace's parent span comes in a later line than its children.
 */

type Value = { stringValue: string } | { intValue: string };
type Attributes = { key: string; value: Value }[];

function attributes(values: Record<string, string | number>): Attributes {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  }));
}

/** `HH:MM:SS.fff...` on the run's day as Unix nanoseconds, in integer arithmetic. */
function nanos(clock: string): string {
  const [whole, fraction = ''] = at(clock).slice(0, -1).split('.');
  const seconds = BigInt(Date.parse(`${whole}Z`) / 1000);
  return String(seconds * 1_000_000_000n + BigInt(fraction.padEnd(9, '0')));
}

export const traceIdOf = (agent: string): string => hexFor(`ms.trace:${agent}`, 32);
export const spanIdOf = (label: string): string => hexFor(`ms.span:${label}`, 16);

interface Span {
  label: string;
  parent: string | null;
  name: string;
  kind: 1 | 3;
  start: string;
  end: string;
  attrs: Record<string, string | number>;
  ok?: boolean;
}

function span(agent: string, s: Span): Record<string, unknown> {
  return {
    traceId: traceIdOf(agent),
    spanId: spanIdOf(s.label),
    parentSpanId: s.parent ? spanIdOf(s.parent) : '',
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: nanos(s.start),
    endTimeUnixNano: nanos(s.end),
    attributes: attributes(s.attrs),
    status: s.ok ? { code: 1 } : {},
  };
}

/** One export request: the spans of one workload that ended since the last one. */
function exportRequest(pod: Pod, agent: string, spans: Span[]): string {
  const resource = attributes({
    'service.name': agent,
    'service.version': agent === 'ops-copilot' ? '0.9.3' : '1.4.0',
    'k8s.namespace.name': pod.namespace,
    'k8s.pod.name': pod.name,
    'k8s.pod.uid': pod.uid,
    'k8s.node.name': pod.node,
    'host.name': pod.node,
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [
          {
            scope: { name: 'opentelemetry.instrumentation.openai_agents', version: '0.3.1' },
            spans: spans.map((s) => span(agent, s)),
          },
        ],
      },
    ],
  });
}

const model = 'gpt-4o-2024-08-06';

function agentRun(agent: string, label: string, start: string, end: string): Span {
  return {
    label,
    parent: null,
    name: `invoke_agent ${agent}`,
    kind: 1,
    start,
    end,
    attrs: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': agent,
      'gen_ai.agent.name': agent,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
    },
    ok: true,
  };
}

function chat(label: string, parent: string, start: string, end: string, tokens: number): Span {
  return {
    label,
    parent,
    name: `chat ${model}`,
    kind: 3,
    start,
    end,
    attrs: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
      'server.address': 'llm-gateway.internal',
      'gen_ai.usage.input_tokens': tokens,
      'gen_ai.usage.output_tokens': Math.round(tokens / 9),
    },
  };
}

function tool(label: string, parent: string, name: string, start: string, end: string): Span {
  return {
    label,
    parent,
    name: `execute_tool ${name}`,
    kind: 1,
    start,
    end,
    attrs: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': name,
      'gen_ai.tool.call.id': `call_${alnumFor(`ms.tool-call:${label}`, 24)}`,
      'gen_ai.tool.type': 'function',
    },
    ok: true,
  };
}

function http(
  label: string,
  parent: string,
  method: string,
  url: string,
  start: string,
  end: string,
  status: number,
): Span {
  const { hostname, port } = new URL(url);
  return {
    label,
    parent,
    name: method,
    kind: 3,
    start,
    end,
    attrs: {
      'http.request.method': method,
      'url.full': url,
      'server.address': hostname,
      'server.port': Number(port || 443),
      'http.response.status_code': status,
    },
  };
}

const run = 'copilot.run';
const vaultUrl = 'https://vault.internal:8200/v1/';
const sts = 'https://sts.us-east-1.amazonaws.com/';

/** The trace file's text. */
export function otelTraces(): string {
  const vaultTool = tool(
    'copilot.vault-tool',
    run,
    'vault_read_secret',
    '14:00:02.512004117',
    '14:00:03.241880392',
  );
  const awsTool = tool(
    'copilot.aws-tool',
    run,
    'aws_cli',
    '14:00:23.420517309',
    '14:00:28.105263844',
  );
  const podsTool = tool(
    'copilot.pods-tool',
    run,
    'k8s_list_pods',
    '14:00:41.050337912',
    '14:00:41.402716055',
  );
  const docsRun = 'docs.run';

  const lines = [
    exportRequest(copilotPod, 'ops-copilot', [
      chat('copilot.chat-1', run, '14:00:00.105220931', '14:00:02.390517446', 1260),
      http(
        'copilot.vault-login',
        'copilot.vault-tool',
        'POST',
        `${vaultUrl}auth/kubernetes/login`,
        '14:00:02.706118204',
        '14:00:02.748902551',
        200,
      ),
      http(
        'copilot.vault-read',
        'copilot.vault-tool',
        'GET',
        `${vaultUrl}${copilotVault.secretPath}`,
        '14:00:03.101447820',
        '14:00:03.119605337',
        200,
      ),
      vaultTool,
    ]),
    exportRequest(copilotPod, 'ops-copilot', [
      chat('copilot.chat-2', run, '14:00:03.390118725', '14:00:12.804461930', 1894),
      chat('copilot.chat-3', run, '14:00:12.950773102', '14:00:23.310248617', 2417),
      http(
        'copilot.sts-identity',
        'copilot.aws-tool',
        'POST',
        sts,
        '14:00:24.118092546',
        '14:00:24.402871163',
        200,
      ),
      http(
        'copilot.sts-assume',
        'copilot.aws-tool',
        'POST',
        sts,
        '14:00:25.003315078',
        '14:00:25.611940284',
        200,
      ),
      http(
        'copilot.iam-create-key',
        'copilot.aws-tool',
        'POST',
        'https://iam.amazonaws.com/',
        '14:00:27.040226591',
        '14:00:27.690412838',
        200,
      ),
      awsTool,
    ]),
    exportRequest(docsPod, 'docs-helper', [
      agentRun('docs-helper', docsRun, '14:00:30.201554806', '14:00:37.918340271'),
      chat('docs.chat-1', docsRun, '14:00:30.288104335', '14:00:31.902617460', 640),
      tool('docs.search-tool', docsRun, 'search_docs', '14:00:32.011902448', '14:00:32.480115923'),
      http(
        'docs.search',
        'docs.search-tool',
        'GET',
        'https://docs.internal/api/search?q=rotate+tls+certificates',
        '14:00:32.030554172',
        '14:00:32.466390028',
        200,
      ),
      chat('docs.chat-2', docsRun, '14:00:32.601337590', '14:00:37.844092716', 2105),
    ]),
    exportRequest(copilotPod, 'ops-copilot', [
      chat('copilot.chat-4', run, '14:00:28.300614207', '14:00:40.902138845', 2980),
      http(
        'copilot.pods-list',
        'copilot.pods-tool',
        'GET',
        'https://kubernetes.default.svc/api/v1/namespaces/agents/pods',
        '14:00:41.301225683',
        '14:00:41.330918406',
        200,
      ),
      podsTool,
      chat('copilot.chat-5', run, '14:00:41.610447392', '14:01:09.744816250', 3312),
      agentRun('ops-copilot', run, '14:00:00.012840563', '14:01:09.870331945'),
    ]),
  ];
  return lines.join('\n') + '\n';
}
