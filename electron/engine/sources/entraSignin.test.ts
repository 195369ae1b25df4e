import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * No real sign-in export is in the corpus, so both fixtures were written by hand (see
 * test/fixtures/NOTICE) and hold the same four sign-ins:
 * - signin-diagnostic.jsonl: the diagnostic-setting shape. Top-level names (time, category,
 *   tenantId, resultType, callerIpAddress, correlationId, properties) are those of Azure Monitor
 *   resource logs; the names under `properties` are those of the Microsoft Graph signIn resource
 *   (servicePrincipalId, appId, servicePrincipalCredentialKeyId, federatedCredentialId,
 *   resourceId, resourceDisplayName, ipAddress, uniqueTokenIdentifier, status.errorCode,
 *   status.failureReason, managedServiceIdentity.msiType, clientCredentialType, userAgent).
 * - signin-log-analytics.json: a Log Analytics query export, columns of the
 *   AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs and SigninLogs tables
 *   (TimeGenerated, Type, ServicePrincipalId, AppId, ServicePrincipalCredentialKeyId,
 *   FederatedCredentialId, ResourceIdentity, ResourceDisplayName, IPAddress, CorrelationId,
 *   UniqueTokenIdentifier, ResultType, ResultDescription, UserPrincipalName, UserAgent), with the
 *   dynamic columns Status and LocationDetails as JSON text.
 */
const made = resolve(import.meta.dirname, '../../../test/fixtures/entra/made');
const diagnostic = join(made, 'signin-diagnostic.jsonl');
const analytics = join(made, 'signin-log-analytics.json');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const columns = `category, action, outcome, error_code, error_message, actor, actor_kind,
  actor_display, credential, issued, target, target_display, src_ip, user_agent, account, call_id,
  strftime(time, '%Y-%m-%d %H:%M:%S.%f') AS t`;

const tenant = '7e5d0000-0000-4000-8000-00000000aaaa';
const armApi = 'entra:resource:797f4846-ba00-4fd7-ba43-dac1f8f63013';
const common = {
  category: 'authentication',
  action: 'Sign-in activity',
  account: tenant,
  error_code: null,
  error_message: null,
  user_agent: null,
};

/** The four sign-ins as written in both fixtures. */
const expected = [
  {
    ...common,
    outcome: 'success',
    actor: 'entra:sp:5e5e0000-0000-4000-8000-000000000001',
    actor_kind: 'ServicePrincipal',
    actor_display: 'ci-deployer',
    credential: 'entra:cred:ce1d0000-0000-4000-8000-000000000001',
    issued: 'entra:token:dG9rZW4tb25lLWZha2U',
    target: 'entra:resource:00000003-0000-0000-c000-000000000000',
    target_display: 'Microsoft Graph',
    src_ip: '203.0.113.50',
    call_id: 'c0de0001-0000-4000-8000-000000000001',
    t: '2024-03-04 08:15:30.123456',
  },
  {
    ...common,
    outcome: 'failure',
    error_code: '700213',
    error_message: 'No matching federated identity record found for presented assertion subject.',
    actor: 'entra:sp:5e5e0000-0000-4000-8000-000000000002',
    actor_kind: 'ServicePrincipal',
    actor_display: 'gha-oidc',
    credential: 'entra:fic:fede0000-0000-4000-8000-000000000002',
    issued: null,
    target: armApi,
    target_display: 'Windows Azure Service Management API',
    src_ip: '198.51.100.9',
    call_id: 'c0de0002-0000-4000-8000-000000000002',
    t: '2024-03-04 08:20:00.000000',
  },
  {
    ...common,
    outcome: 'success',
    actor: 'entra:mi:5e5e0000-0000-4000-8000-000000000003',
    actor_kind: 'ManagedIdentity',
    actor_display: 'vm-batch-01',
    credential: null,
    issued: 'entra:token:dG9rZW4tdGhyZWUtZmFrZQ',
    target: 'entra:resource:cfa8b339-82a2-471a-a3c9-0fc0be7a4093',
    target_display: 'Azure Key Vault',
    src_ip: null,
    call_id: 'c0de0003-0000-4000-8000-000000000003',
    t: '2024-03-04 08:25:10.500000',
  },
  {
    ...common,
    outcome: 'success',
    actor: 'entra:user:alice@contoso.example',
    actor_kind: 'User',
    actor_display: 'alice@contoso.example',
    credential: null,
    issued: 'entra:token:dG9rZW4tZm91ci1mYWtl',
    target: armApi,
    target_display: 'Windows Azure Service Management API',
    src_ip: '192.0.2.44',
    user_agent: 'python/3.11 (Linux) AZURECLI/2.58.0',
    call_id: 'c0de0004-0000-4000-8000-000000000004',
    t: '2024-03-04 08:30:45.000000',
  },
];

describe('Entra sign-ins', () => {
  it('reads the diagnostic-setting shape', async () => {
    const summary = await ingest(temp.db, [diagnostic]);

    expect(summary.files[0]).toMatchObject({ format: 'entra.signin', recordsRead: 4 });
    expect(await rows(`SELECT ${columns} FROM events ORDER BY record_no`)).toEqual(expected);
  });

  it('reads the Log Analytics shape into the same columns', async () => {
    const summary = await ingest(temp.db, [analytics]);

    expect(summary.files[0]).toMatchObject({ format: 'entra.signin', recordsRead: 4 });
    expect(await rows(`SELECT ${columns} FROM events ORDER BY record_no`)).toEqual(expected);
  });

  it('links the key to the token it obtained, and the service principal to its key and token', async () => {
    await ingest(temp.db, [diagnostic]);
    await rebuildGraph(temp.db);

    const links = await rows(
      `SELECT from_id, to_id, kind FROM links
       WHERE from_id LIKE 'entra:%1' OR to_id LIKE 'entra:%1' OR to_id LIKE 'entra:token:dG9rZW4tb25l%'
       ORDER BY kind, from_id, to_id`,
    );
    expect(links).toEqual([
      {
        from_id: 'entra:cred:ce1d0000-0000-4000-8000-000000000001',
        to_id: 'entra:resource:00000003-0000-0000-c000-000000000000',
        kind: 'accessed',
      },
      {
        from_id: 'entra:cred:ce1d0000-0000-4000-8000-000000000001',
        to_id: 'ip:203.0.113.50',
        kind: 'from_address',
      },
      {
        from_id: 'entra:sp:5e5e0000-0000-4000-8000-000000000001',
        to_id: 'entra:cred:ce1d0000-0000-4000-8000-000000000001',
        kind: 'holds',
      },
      {
        from_id: 'entra:sp:5e5e0000-0000-4000-8000-000000000001',
        to_id: 'entra:token:dG9rZW4tb25lLWZha2U',
        kind: 'holds',
      },
      {
        from_id: 'entra:cred:ce1d0000-0000-4000-8000-000000000001',
        to_id: 'entra:token:dG9rZW4tb25lLWZha2U',
        kind: 'issued',
      },
    ]);
  });
});
