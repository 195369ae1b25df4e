import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus } from '../../../test/corpus.js';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/gcp');
const plaso = join(fixtures, 'plaso_gcp_logging.jsonl');
/** Written by hand for these tests (see test/fixtures/NOTICE); values below are read from it. */
const made = join(fixtures, 'made/impersonation.jsonl');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const delegation = 'protoPayload.authenticationInfo.serviceAccountDelegationInfo';

describe('GCP audit from the plaso test file', () => {
  it('reads all 11 entries, the two that are not audit records as entries of their log', async () => {
    const summary = await ingest(temp.db, [plaso]);

    expect(summary.files[0]).toMatchObject({
      status: 'loaded',
      format: 'gcp.audit',
      recordsRead: 11,
      recordsRejected: 0,
    });
    // Lines 8 and 9 have jsonPayload / textPayload in projects/fake-project/logs/testlog.
    const plain = await rows(
      `SELECT record_no, category, action, outcome, actor, account FROM events
       WHERE outcome = 'unknown' ORDER BY record_no`,
    );
    expect(plain).toEqual([
      {
        record_no: '8',
        category: 'api_call',
        action: 'testlog',
        outcome: 'unknown',
        actor: null,
        account: 'fake-project',
      },
      {
        record_no: '9',
        category: 'api_call',
        action: 'testlog',
        outcome: 'unknown',
        actor: null,
        account: 'fake-project',
      },
    ]);
  });

  it('reads timestamps with 6 and with 9 fraction digits', async () => {
    await ingest(temp.db, [plaso]);

    const times = await rows(
      `SELECT record_no, time_raw, strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t
       FROM events WHERE record_no IN (1, 5) ORDER BY record_no`,
    );
    expect(times).toEqual([
      { record_no: '1', time_raw: '2021-10-19T02:57:47.339377Z', t: '2021-10-19 02:57:47.339377' },
      // Nine digits: DuckDB keeps microseconds, time_raw keeps all nine.
      {
        record_no: '5',
        time_raw: '2021-10-19T02:43:48.064377809Z',
        t: '2021-10-19 02:43:48.064377',
      },
    ]);
  });

  it('shows the GCP delegation chain of two service accounts in order', async () => {
    await ingest(temp.db, [plaso]);
    await rebuildGraph(temp.db);

    // Line 10: beta.compute.instances.insert by fake-account@fake-project.com, delegation info
    // [service-account-one@fake-project.com, service-account-two@fake-project.com]. Those
    // addresses do not end in .gserviceaccount.com, so they are gcp:user ids.
    const [event] = await rows(
      `SELECT event_id, action, actor, target, src_ip, account, region FROM events
       WHERE call_id = '-duywnve29mpi'`,
    );
    expect(event).toMatchObject({
      action: 'beta.compute.instances.insert',
      actor: 'gcp:user:fake-account@fake-project.com',
      target:
        'gcp:resource:projects/1234567890/zones/us-central1-b/instances/fake-compute-instance',
      src_ip: '1.1.1.1',
      account: 'fake-project',
      region: 'us-central1-b',
    });
    const hops = await rows(
      `SELECT from_id, to_id, kind, reason FROM source_links
       WHERE event_id = '${event?.event_id}' ORDER BY reason`,
    );
    expect(hops).toEqual([
      {
        from_id: 'gcp:user:service-account-one@fake-project.com',
        to_id: 'gcp:user:service-account-two@fake-project.com',
        kind: 'delegated',
        reason: `${delegation}[0] and [1]`,
      },
      {
        from_id: 'gcp:user:service-account-two@fake-project.com',
        to_id: 'gcp:user:fake-account@fake-project.com',
        kind: 'delegated',
        reason: `${delegation}[1] and the principal`,
      },
    ]);
    const graph = await rows(
      `SELECT count(*) AS n FROM links WHERE kind = 'delegated' AND proof = 'exact'
       AND from_id LIKE 'gcp:user:service-account-%'`,
    );
    expect(graph).toEqual([{ n: '2' }]);
  });

  it('shows the denied CreateServiceAccount delegated from the compute system account', async () => {
    await ingest(temp.db, [plaso]);
    await rebuildGraph(temp.db);

    // Line 11: status code 7 (PERMISSION_DENIED) with its message; callerIp 34.72.217.225.
    const [event] = await rows(
      `SELECT category, action, outcome, error_code, error_message, actor, actor_kind, src_ip,
         account, target FROM events WHERE call_id = '1awjxggeaxqgz'`,
    );
    expect(event).toEqual({
      category: 'account_change',
      action: 'google.iam.admin.v1.CreateServiceAccount',
      outcome: 'failure',
      error_code: 'PERMISSION_DENIED',
      error_message:
        'Permission "iam.serviceAccounts.create" denied on resource (or it may not exist).',
      actor: 'gcp:sa:dvwa-service-account@ketchup.iam.gserviceaccount.com',
      actor_kind: 'ServiceAccount',
      src_ip: '34.72.217.225',
      account: 'ketchup',
      target: 'gcp:resource:projects/ketchup',
    });
    const links = await rows(
      `SELECT from_id, to_id FROM links WHERE kind = 'delegated'
       AND to_id = 'gcp:sa:dvwa-service-account@ketchup.iam.gserviceaccount.com'`,
    );
    expect(links).toEqual([
      {
        from_id: 'gcp:sa:service-1234567890@compute-system.iam.gserviceaccount.com',
        to_id: 'gcp:sa:dvwa-service-account@ketchup.iam.gserviceaccount.com',
      },
    ]);
  });

  it('counts a call with no status, an empty status and status code 0 as a success', async () => {
    await ingest(temp.db, [plaso]);

    // Lines 1-4, 6, 7, 10 have "status": null; line 5 has "status": {}.
    const outcomes = await rows(
      `SELECT outcome, count(*) AS n FROM events GROUP BY outcome ORDER BY outcome`,
    );
    expect(outcomes).toEqual([
      { outcome: 'failure', n: '1' },
      { outcome: 'success', n: '8' },
      { outcome: 'unknown', n: '2' },
    ]);
  });
});

describe('GCP audit of impersonation (hand-written)', () => {
  it('makes SignJwt a credential issue aimed at the service account, and a hop to it', async () => {
    await ingest(temp.db, [made]);
    await rebuildGraph(temp.db);

    const [event] = await rows(
      `SELECT category, actor, target, time_raw FROM events WHERE call_id = 'm1'`,
    );
    expect(event).toEqual({
      category: 'credential_issue',
      actor: 'gcp:user:alice@example.com',
      target: 'gcp:sa:deployer@demo-proj.iam.gserviceaccount.com',
      time_raw: '2026-05-04T11:00:00.123456789Z',
    });
    const hop = await rows(
      `SELECT kind FROM links WHERE from_id = 'gcp:user:alice@example.com'
       AND to_id = 'gcp:sa:deployer@demo-proj.iam.gserviceaccount.com'`,
    );
    expect(hop).toEqual([{ kind: 'delegated' }]);
  });

  it('takes the key a call was made with as its credential, and a secret access as a read', async () => {
    await ingest(temp.db, [made]);
    await rebuildGraph(temp.db);

    const key =
      'gcp:key://iam.googleapis.com/projects/demo-proj/serviceAccounts/deployer@demo-proj.iam.gserviceaccount.com/keys/0123456789abcdef';
    const [event] = await rows(
      `SELECT category, actor, credential, target, region FROM events WHERE call_id = 'm2'`,
    );
    expect(event).toEqual({
      category: 'secret_read',
      actor: 'gcp:sa:deployer@demo-proj.iam.gserviceaccount.com',
      credential: key,
      target: 'gcp:secret:projects/123456/secrets/db-password',
      region: 'europe-west1',
    });
    const read = await rows(`SELECT from_id FROM links WHERE kind = 'read_secret'`);
    expect(read).toEqual([{ from_id: key }]);
  });

  it('skips an empty delegation hop and names a third-party hop by its claims', async () => {
    await ingest(temp.db, [made]);

    // m3: [third-party principal, {}, ci@demo-proj], principal deployer@demo-proj.
    const hops = await rows(
      `SELECT s.from_id, s.to_id, s.reason FROM source_links s JOIN events e USING (event_id)
       WHERE e.call_id = 'm3' ORDER BY s.reason`,
    );
    expect(hops).toEqual([
      {
        from_id:
          'gcp:principal:{"iss":"https://token.actions.githubusercontent.com","sub":"repo:acme/app:ref:refs/heads/main"}',
        to_id: 'gcp:sa:ci@demo-proj.iam.gserviceaccount.com',
        reason: `${delegation}[0] and [2]`,
      },
      {
        from_id: 'gcp:sa:ci@demo-proj.iam.gserviceaccount.com',
        to_id: 'gcp:sa:deployer@demo-proj.iam.gserviceaccount.com',
        reason: `${delegation}[2] and the principal`,
      },
    ]);
  });
});

// elastic/integrations is under the Elastic License 2.0, so its file stays in ../shared/corpus
// and is not copied into test/fixtures; where that corpus is absent this part is skipped.
describe.skipIf(!hasCorpus)('GCP audit from the elastic/integrations test file', () => {
  it('reads GenerateAccessToken by a workload identity federation principal', async () => {
    const file = join(corpusRoot, 'gcp-audit/elastic_test-iamcredentials-googleapis-com.log');
    const summary = await ingest(temp.db, [file]);
    await rebuildGraph(temp.db);

    expect(summary.files[0]).toMatchObject({ status: 'loaded', recordsRead: 1 });
    const principal =
      'gcp:principal:principal://iam.googleapis.com/projects/project-id/locations/global/workloadIdentityPools/...';
    // resourceName names the account by number (somenumber); request.name gives its email.
    const [event] = await rows(
      `SELECT category, action, actor, actor_kind, target, src_ip, user_agent, account FROM events`,
    );
    expect(event).toEqual({
      category: 'credential_issue',
      action: 'GenerateAccessToken',
      actor: principal,
      actor_kind: 'FederatedPrincipal',
      target: 'gcp:sa:made-up-ci-account@project-id.iam.gserviceaccount.com',
      src_ip: '175.16.199.45',
      user_agent: 'Go-http-client/2.0,gzip(gfe)',
      account: 'project-id',
    });
    // serviceAccountDelegationInfo is [{}]: no hop from it, only the minting call's own hop.
    const delegated = await rows(`SELECT from_id, to_id FROM links WHERE kind = 'delegated'`);
    expect(delegated).toEqual([
      {
        from_id: principal,
        to_id: 'gcp:sa:made-up-ci-account@project-id.iam.gserviceaccount.com',
      },
    ]);
  });
});
