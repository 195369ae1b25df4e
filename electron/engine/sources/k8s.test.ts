import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/k8s');
const falco = join(fixtures, 'falco');
/** Written by hand for these tests (see test/fixtures/NOTICE); values below are read from it. */
const workload = join(fixtures, 'made/workload.jsonl');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

describe('Kubernetes audit from the falco traces', () => {
  it('reads the 12 files with the record counts PROVENANCE.md gives', async () => {
    const summary = await ingest(temp.db, [falco]);

    const counts = Object.fromEntries(summary.files.map((f) => [f.path, f.recordsRead]));
    expect(summary.files.every((f) => f.status === 'loaded' && f.format === 'k8s.audit')).toBe(
      true,
    );
    // PROVENANCE.md: each file is one Event, create_configmap_sensitive_values.json has 6 lines.
    expect(counts).toEqual({
      'anonymous_creates_namespace_foo.json': 1,
      'attach_cluster_admin_role.json': 1,
      'attach_pod.json': 1,
      'create_cluster_role_wildcard_verbs.json': 1,
      'create_clusterrolebinding.json': 1,
      'create_configmap_sensitive_values.json': 6,
      'create_kube_system_secret.json': 1,
      'create_nginx_pod_privileged.json': 1,
      'create_secret.json': 1,
      'create_serviceaccount.json': 1,
      'delete_secret.json': 1,
      'exec_pod.json': 1,
    });
  });

  it('shows the pods/exec by minikube-user on the nginx pod, kept though only ResponseStarted', async () => {
    await ingest(temp.db, [join(falco, 'exec_pod.json')]);

    // exec_pod.json: auditID ca1ed9f4-..., stage ResponseStarted, code 101, sourceIPs 192.168.99.1.
    expect(await rows(`SELECT * EXCLUDE (event_id, evidence_id, raw, time) FROM events`)).toEqual([
      expect.objectContaining({
        record_no: '1',
        time_raw: '2018-10-26T13:38:34.867116Z',
        source: 'k8s.audit',
        category: 'api_call',
        action: 'create',
        outcome: 'success',
        actor: 'k8s:user:minikube-user',
        actor_kind: 'User',
        credential: null,
        target: 'k8s:pod:default/nginx-deployment-7998647bdf-phvq7',
        target_display: 'pods/exec default/nginx-deployment-7998647bdf-phvq7',
        src_ip: '192.168.99.1',
        call_id: 'ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6',
      }),
    ]);
  });

  it('targets secrets by namespace and name for create and delete, which are not secret reads', async () => {
    await ingest(temp.db, [falco]);

    // create_secret.json, delete_secret.json, create_kube_system_secret.json.
    const secrets = await rows(
      `SELECT action, category, actor, target, user_agent FROM events
       WHERE starts_with(target, 'k8s:secret:') ORDER BY time`,
    );
    expect(secrets).toEqual([
      {
        action: 'create',
        category: 'api_call',
        actor: 'k8s:user:admin',
        target: 'k8s:secret:kube-system/bootstrap-token-ne7bxu',
        user_agent: 'kubeadm/v1.16.2 (linux/amd64) kubernetes/c97fe50',
      },
      {
        action: 'create',
        category: 'api_call',
        actor: 'k8s:user:minikube-user',
        target: 'k8s:secret:default/example-secret',
        user_agent: 'kubectl/v1.17.3 (darwin/amd64) kubernetes/06ad960',
      },
      {
        action: 'delete',
        category: 'api_call',
        actor: 'k8s:user:minikube-user',
        target: 'k8s:secret:default/example-secret',
        user_agent: 'kubectl/v1.17.3 (darwin/amd64) kubernetes/06ad960',
      },
    ]);
  });

  it('names service accounts, anonymous users and generated pod names', async () => {
    await ingest(temp.db, [falco]);

    const picked = await rows(
      `SELECT actor, actor_kind, actor_display, category, target, src_ip FROM events
       WHERE call_id IN ('a362d22b-db3c-4590-9505-23782f12925f',
         '841d3e6d-90d2-43df-8da4-684738bee3d5', 'db4a8c97-3bd2-4ee7-a0d9-b6e367a458e3')
       ORDER BY time`,
    );
    expect(picked).toEqual([
      // anonymous_creates_namespace_foo.json (v1beta1): a cluster-wide object has no namespace.
      {
        actor: 'k8s:user:system:anonymous',
        actor_kind: 'Anonymous',
        actor_display: 'system:anonymous',
        category: 'api_call',
        target: 'k8s:namespaces:foo',
        src_ip: '192.168.99.1',
      },
      // create_nginx_pod_privileged.json: objectRef has no name; responseObject.metadata.name has.
      {
        actor: 'k8s:sa:kube-system/replicaset-controller',
        actor_kind: 'ServiceAccount',
        actor_display: 'kube-system/replicaset-controller',
        category: 'api_call',
        target: 'k8s:pod:default/nginx-deployment-5cdcc99dbf-rgw6z',
        src_ip: '::1',
      },
      // create_serviceaccount.json: the new account is the node it will act as.
      {
        actor: 'k8s:user:minikube-user',
        actor_kind: 'User',
        actor_display: 'minikube-user',
        category: 'account_change',
        target: 'k8s:sa:default/myacct',
        src_ip: '192.168.99.1',
      },
    ]);
  });
});

describe('Kubernetes audit of a workload (hand-written)', () => {
  it('keeps one event per auditID, the ResponseComplete stage where there is one', async () => {
    const summary = await ingest(temp.db, [workload]);

    // 9 lines: a1 twice (RequestReceived, ResponseComplete), a5 twice (ResponseStarted,
    // ResponseComplete), a2, a3, a4, a6, a7 once: 7 requests.
    expect(summary.files[0]).toMatchObject({ status: 'loaded', recordsRead: 7 });
    const kept = await rows(`SELECT call_id, record_no FROM events ORDER BY call_id`);
    expect(kept).toEqual([
      { call_id: 'a1', record_no: '2' },
      { call_id: 'a2', record_no: '3' },
      { call_id: 'a3', record_no: '4' },
      { call_id: 'a4', record_no: '5' },
      { call_id: 'a5', record_no: '7' },
      { call_id: 'a6', record_no: '8' },
      { call_id: 'a7', record_no: '9' },
    ]);
  });

  it('makes get, list and watch of secrets secret reads, and a 403 a failure', async () => {
    await ingest(temp.db, [workload]);

    const reads = await rows(
      `SELECT call_id, action, outcome, error_code, target FROM events
       WHERE category = 'secret_read' ORDER BY call_id`,
    );
    expect(reads).toEqual([
      {
        call_id: 'a1',
        action: 'get',
        outcome: 'success',
        error_code: null,
        target: 'k8s:secret:default/db-password',
      },
      {
        call_id: 'a2',
        action: 'list',
        outcome: 'failure',
        error_code: '403',
        target: 'k8s:secret:kube-system/*',
      },
      {
        call_id: 'a3',
        action: 'watch',
        outcome: 'success',
        error_code: null,
        target: 'k8s:secret:default/db-password',
      },
      {
        call_id: 'a6',
        action: 'get',
        outcome: 'success',
        error_code: null,
        target: 'k8s:secret:kube-system/admin-token',
      },
    ]);
  });

  it('follows a TokenRequest to the token it issued and that token to its use from a pod', async () => {
    await ingest(temp.db, [workload]);
    await rebuildGraph(temp.db);

    const issuing = await rows(
      `SELECT category, actor, credential, issued, target FROM events WHERE call_id = 'a4'`,
    );
    expect(issuing).toEqual([
      {
        category: 'credential_issue',
        actor: 'k8s:user:alice',
        credential: 'k8s:token:X509SHA256=ab12cd34',
        issued: 'k8s:token:JTI=22222222-bbbb-4bbb-8bbb-222222222222',
        target: 'k8s:sa:default/deployer',
      },
    ]);

    const token = 'k8s:token:JTI=22222222-bbbb-4bbb-8bbb-222222222222';
    const links = await rows(
      `SELECT from_id, kind, to_id FROM links WHERE from_id = '${token}' OR to_id = '${token}'
       ORDER BY kind, from_id, to_id`,
    );
    expect(links).toEqual([
      { from_id: token, kind: 'accessed', to_id: 'k8s:pod:default/web-0' },
      { from_id: token, kind: 'from_address', to_id: 'ip:10.0.0.9' },
      { from_id: 'k8s:pod:default/deployer-5f6', kind: 'holds', to_id: token },
      { from_id: 'k8s:sa:default/deployer', kind: 'holds', to_id: token },
      { from_id: 'k8s:token:X509SHA256=ab12cd34', kind: 'issued', to_id: token },
    ]);
  });

  it('links the pod named in user.extra to the token it made the call with', async () => {
    await ingest(temp.db, [workload]);
    await rebuildGraph(temp.db);

    const fromPod = await rows(
      `SELECT kind, to_id, reason, call_count FROM links
       WHERE from_id = 'k8s:pod:default/builder-7d9c' ORDER BY kind`,
    );
    // Both calls name the pod in user.extra, the credential id and sourceIPs ["10.0.0.7"].
    expect(fromPod).toEqual([
      {
        kind: 'from_address',
        to_id: 'ip:10.0.0.7',
        reason: 'user.extra pod-name and sourceIPs',
        call_count: '2',
      },
      {
        kind: 'holds',
        to_id: 'k8s:token:JTI=11111111-aaaa-4aaa-8aaa-111111111111',
        reason: 'user.extra pod-name and credential-id',
        call_count: '2',
      },
    ]);
  });

  it('draws impersonation as a delegated link, and the secret read from both identities', async () => {
    await ingest(temp.db, [workload]);
    await rebuildGraph(temp.db);

    const links = await rows(
      `SELECT from_id, kind, to_id FROM links
       WHERE kind IN ('delegated', 'read_secret') AND (from_id = 'k8s:user:alice'
         OR to_id = 'k8s:secret:kube-system/admin-token')
       ORDER BY kind, from_id`,
    );
    expect(links).toEqual([
      { from_id: 'k8s:user:alice', kind: 'delegated', to_id: 'k8s:sa:kube-system/admin-sa' },
      {
        from_id: 'k8s:sa:kube-system/admin-sa',
        kind: 'read_secret',
        to_id: 'k8s:secret:kube-system/admin-token',
      },
      {
        from_id: 'k8s:token:X509SHA256=ab12cd34',
        kind: 'read_secret',
        to_id: 'k8s:secret:kube-system/admin-token',
      },
    ]);
  });

  it('targets a non-resource request by its path without the query string', async () => {
    await ingest(temp.db, [workload]);

    const [healthz] = await rows(`SELECT actor, target, target_display FROM events
      WHERE call_id = 'a7'`);
    expect(healthz).toEqual({
      actor: 'k8s:user:system:anonymous',
      target: 'k8s:url:/healthz',
      target_display: '/healthz',
    });
  });
});
