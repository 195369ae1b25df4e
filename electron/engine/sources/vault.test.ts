import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import { findPaths } from '../graph/paths.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * test/fixtures/vault/k8s-agent-runner.audit.log is written by hand in the shape of a Vault file
 * audit device (one entry a line, secrets and tokens HMAC'd; every value made up). Its twelve
 * entries, by line:
 *  1, 2   login on auth/kubernetes/login by service account payments/agent-runner (role
 *         payments-agent, from 10.42.3.17): entity E1 is issued the token with accessor B
 *  3, 4   token B reads secret/data/payments/aws
 *  5, 6   login by payments/ledger-sync (role payments-ledger, from 10.42.5.9): entity E2, token D
 *  7, 8   token D reads secret/data/payments/db
 *  9, 10  token D is denied secret/data/payments/aws
 *  11, 12 token B revokes itself (auth/token/revoke-self)
 */
const fixture = resolve(
  import.meta.dirname,
  '../../../test/fixtures/vault/k8s-agent-runner.audit.log',
);

const E1 = 'vault:entity:0b2e7c51-3d4a-9f60-1c8e-5a7d2b9e4f13';
const E2 = 'vault:entity:9d41a6e2-7b05-c3f8-2e19-84c6f0a3d752';
const B =
  'vault:token:hmac-sha256:99dceb7176b471066eed5b960e991d1de95639d0e21d67a536541b6c6fc027f8';
const D =
  'vault:token:hmac-sha256:76d354e768c69bcebfad9d547f7ffd2aefa953ba433a45860c746a3f55719dfe';
const SA = 'k8s:sa:payments/agent-runner';
const ROLE = 'vault:role:kubernetes/payments-agent';
const AWS = 'vault:path:secret/data/payments/aws';
const IP = 'ip:10.42.3.17';

const temp = useTempCase();

type Row = Record<string, unknown>;

/** Every link touching `node`, with its evidence as the fixture's line numbers. */
async function linksOf(node: string): Promise<Row[]> {
  return temp.db.all<Row>(
    `SELECT l.from_id AS "from", l.kind, l.to_id AS "to", l.proof, l.call_count AS calls,
       list(e.record_no::INTEGER ORDER BY e.record_no) AS lines
     FROM links l JOIN link_evidence le USING (link_id) JOIN events e USING (event_id)
     WHERE l.from_id = $node OR l.to_id = $node
     GROUP BY ALL ORDER BY l.kind, l.from_id, l.to_id`,
    { node },
  );
}

describe('Vault audit, one entry a line', () => {
  it('makes one event of each call: its response, which repeats the request', async () => {
    const summary = await ingest(temp.db, [fixture]);

    expect(summary.files[0]).toMatchObject({
      format: 'vault.audit',
      layout: 'ndjson',
      status: 'loaded',
      recordsRead: 6,
      recordsRejected: 0,
      firstError: null,
    });
    const calls = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS line, json_extract_string(raw, '$.type') AS type, call_id
       FROM events ORDER BY record_no`,
    );
    expect(calls).toEqual([
      { line: 2, type: 'response', call_id: '3c5e9a10-6f2b-8d47-1e0a-b9c4d7e21f56' },
      { line: 4, type: 'response', call_id: '71d0b6e4-c5a2-3f98-4b1e-0d6a9e27c3b8' },
      { line: 6, type: 'response', call_id: 'e8a1f0c3-29d7-4b65-a0e3-7c18b5d9f204' },
      { line: 8, type: 'response', call_id: 'a4f27c89-1e03-d56b-8a70-e2c9b41d5f16' },
      { line: 10, type: 'response', call_id: '0f6b3d2a-87e4-19c5-d3a2-5b7e0c94a1e8' },
      { line: 12, type: 'response', call_id: 'd29e4a71-b80c-6f13-2e5d-c7a0f846b39e' },
    ]);
  });

  it('takes the issued token, entity and role of a Kubernetes login from its response', async () => {
    await ingest(temp.db, [fixture]);

    // Line 2: response.auth names accessor B, entity E1 and the role in auth.metadata.role.
    const [login] = await temp.db.all<Row>(
      `SELECT category, action, outcome, actor, actor_kind, actor_display, credential, issued,
         target, target_display, src_ip, account, time_raw, time::VARCHAR AS time
       FROM events WHERE call_id = '3c5e9a10-6f2b-8d47-1e0a-b9c4d7e21f56'`,
    );
    expect(login).toEqual({
      category: 'credential_issue',
      action: 'update',
      outcome: 'success',
      actor: E1,
      actor_kind: 'entity',
      actor_display: 'kubernetes-payments-agent-runner',
      credential: null,
      issued: B,
      target: ROLE,
      target_display: 'kubernetes/payments-agent',
      src_ip: '10.42.3.17',
      account: 'root',
      time_raw: '2026-03-02T09:14:05.163908117Z',
      time: '2026-03-02 09:14:05.163908+00',
    });
  });

  it('links the token exactly from its login to the secret it read and its revocation', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    // Worked out from the fixture by hand: the login (line 2) issued B to E1; B was used for the
    // read (line 4) and revoke-self (line 12), each naming E1 as its entity and 10.42.3.17.
    expect(await linksOf(B)).toEqual([
      { from: B, kind: 'from_address', to: IP, proof: 'exact', calls: '2', lines: [4, 12] },
      { from: E1, kind: 'holds', to: B, proof: 'exact', calls: '3', lines: [2, 4, 12] },
      { from: E1, kind: 'issued', to: B, proof: 'exact', calls: '1', lines: [2] },
      { from: B, kind: 'read_secret', to: AWS, proof: 'exact', calls: '1', lines: [4] },
    ]);
    const revoke = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS line, category, outcome, credential, target, target_display
       FROM events WHERE category = 'account_change' ORDER BY record_no`,
    );
    expect(revoke).toEqual([
      {
        line: 12,
        category: 'account_change',
        outcome: 'success',
        credential: B,
        target: B,
        target_display: 'auth/token/revoke-self',
      },
    ]);
  });

  it('names the service account behind the entity and the role it logged in with', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    // auth.metadata names payments/agent-runner on the responses of lines 2, 4 and 12.
    expect(await linksOf(SA)).toEqual([
      { from: SA, kind: 'same_as', to: E1, proof: 'exact', calls: '3', lines: [2, 4, 12] },
      { from: E1, kind: 'same_as', to: SA, proof: 'exact', calls: '3', lines: [2, 4, 12] },
    ]);
    expect(await linksOf(ROLE)).toEqual([
      { from: E1, kind: 'assumed', to: ROLE, proof: 'exact', calls: '1', lines: [2] },
    ]);
  });

  it('keeps the other service account and its token apart from this one', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    const forward = await findPaths(
      temp.db,
      requests.paths.parse({ from: SA, direction: 'forward' }),
    );
    expect(forward.nodes.map((n) => n.id).sort()).toEqual([AWS, IP, SA, ROLE, B, E1].sort());

    const backward = await findPaths(
      temp.db,
      requests.paths.parse({ from: B, direction: 'backward' }),
    );
    expect(backward.nodes.map((n) => n.id).sort()).toEqual([SA, B, E1].sort());

    const crossing = await temp.db.all<Row>(
      `SELECT from_id, to_id FROM links
       WHERE (from_id IN ($b, $e1) AND to_id IN ($d, $e2))
          OR (from_id IN ($d, $e2) AND to_id IN ($b, $e1))`,
      { b: B, e1: E1, d: D, e2: E2 },
    );
    expect(crossing).toEqual([]);
  });

  it("records a denied read as a failure with Vault's error text", async () => {
    await ingest(temp.db, [fixture]);

    const denied = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS line, category, outcome, error_message, credential, target
       FROM events WHERE outcome = 'failure' ORDER BY record_no`,
    );
    const error = '1 error occurred:\n\t* permission denied\n\n';
    expect(denied).toEqual([
      {
        line: 10,
        category: 'secret_read',
        outcome: 'failure',
        error_message: error,
        credential: D,
        target: AWS,
      },
    ]);
  });

  it('keeps a request whose response is not there as an event of unknown outcome', async () => {
    const [login, , read] = readFileSync(fixture, 'utf8').split('\n');
    const file = join(temp.dir, 'requests.log');
    writeFileSync(file, `${login}\n${read}\n`);
    await ingest(temp.db, [file]);

    const events = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS line, category, outcome, actor, credential, target FROM events
       ORDER BY record_no`,
    );
    // A login request names no identity yet: the role in request.data is HMAC'd.
    expect(events).toEqual([
      {
        line: 1,
        category: 'authentication',
        outcome: 'unknown',
        actor: null,
        credential: null,
        target: 'vault:path:auth/kubernetes/login',
      },
      {
        line: 2,
        category: 'secret_read',
        outcome: 'unknown',
        actor: E1,
        credential: B,
        target: AWS,
      },
    ]);
  });

  it('pairs entries whose request id is redacted by their path, address and port', async () => {
    const lines = readFileSync(fixture, 'utf8').split('\n').slice(0, 4);
    const redacted = lines.map((line) => line.replace(/"id":"[0-9a-f-]{36}"/, '"id":"****"'));
    const file = join(temp.dir, 'redacted.log');
    writeFileSync(file, `${redacted.join('\n')}\n`);
    await ingest(temp.db, [file]);

    // The login (port 51874) and the read (port 51880), each its response, with no call id.
    const events = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS line, category, call_id FROM events ORDER BY record_no`,
    );
    expect(events).toEqual([
      { line: 2, category: 'credential_issue', call_id: null },
      { line: 4, category: 'secret_read', call_id: null },
    ]);
  });

  it('reads a JSON array of the same entries to the same events', async () => {
    const entries = readFileSync(fixture, 'utf8').trim().split('\n');
    const file = join(temp.dir, 'entries.json');
    writeFileSync(file, `[\n${entries.join(',\n')}\n]\n`);
    const summary = await ingest(temp.db, [file]);

    expect(summary.files[0]).toMatchObject({ layout: 'array', status: 'loaded', recordsRead: 6 });
    const issued = await temp.db.all<Row>(`SELECT record_no::INTEGER AS line, issued FROM events
      WHERE issued IS NOT NULL ORDER BY record_no`);
    expect(issued).toEqual([
      { line: 2, issued: B },
      { line: 6, issued: D },
    ]);
  });

  it('classifies KV metadata, token creation and revocation by accessor, namespaces and root', async () => {
    // Response entries written for this test, one a line; each case's expectations beside it.
    const entry = (id: string, auth: object, request: object, response?: object) =>
      JSON.stringify({
        time: '2026-03-02T10:00:00Z',
        type: 'response',
        auth,
        request: { id, remote_address: '10.0.0.1', ...request },
        ...(response ? { response } : {}),
      });
    const app = { accessor: 'hmac-sha256:aa', entity_id: 'e-1' };
    const file = join(temp.dir, 'cases.log');
    const read = { operation: 'read', mount_type: 'kv', mount_point: 'secret/' };
    writeFileSync(
      file,
      [
        entry('c1', app, { ...read, path: 'secret/metadata/payments/aws' }),
        entry('c2', app, { operation: 'read', path: 'kv/app/db' }),
        entry(
          'c3',
          app,
          { operation: 'update', path: 'auth/token/create', mount_type: 'token' },
          { auth: { accessor: 'hmac-sha256:bb', entity_id: '' } },
        ),
        entry('c4', app, {
          operation: 'update',
          path: 'auth/token/revoke-accessor',
          data: { accessor: 'hmac-sha256:bb' },
        }),
        entry('c5', app, {
          ...read,
          path: 'secret/data/x',
          namespace: { id: 'Xy12', path: 'team-a/' },
        }),
        entry(
          'c6',
          { accessor: 'hmac-sha256:cc', display_name: 'root', entity_id: '' },
          {
            operation: 'read',
            path: 'sys/mounts',
            namespace: { id: 'root' },
          },
        ),
        entry('c7', app, { operation: 'read', mount_type: 'cubbyhole', path: 'cubbyhole/note' }),
      ].join('\n'),
    );
    await ingest(temp.db, [file]);

    const events = await temp.db.all<Row>(
      `SELECT call_id, category, actor, actor_kind, credential, issued, target, account
       FROM events ORDER BY record_no`,
    );
    const e1 = 'vault:entity:e-1';
    const aa = 'vault:token:hmac-sha256:aa';
    const base = { actor: e1, actor_kind: 'entity', credential: aa, issued: null, account: null };
    expect(events).toEqual([
      {
        ...base,
        call_id: 'c1',
        category: 'api_call',
        target: 'vault:path:secret/metadata/payments/aws',
      },
      { ...base, call_id: 'c2', category: 'secret_read', target: 'vault:path:kv/app/db' },
      {
        ...base,
        call_id: 'c3',
        category: 'credential_issue',
        issued: 'vault:token:hmac-sha256:bb',
        target: 'vault:path:auth/token/create',
      },
      {
        ...base,
        call_id: 'c4',
        category: 'account_change',
        target: 'vault:token:hmac-sha256:bb',
      },
      {
        ...base,
        call_id: 'c5',
        category: 'secret_read',
        target: 'vault:path:team-a/secret/data/x',
        account: 'team-a',
      },
      {
        call_id: 'c6',
        category: 'api_call',
        actor: 'vault:token:hmac-sha256:cc',
        actor_kind: 'token',
        credential: 'vault:token:hmac-sha256:cc',
        issued: null,
        target: 'vault:path:sys/mounts',
        account: 'root',
      },
      { ...base, call_id: 'c7', category: 'secret_read', target: 'vault:path:cubbyhole/note' },
    ]);
  });
});
