import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/** OTRF's GoldenSAMLADFSMailAccess AuditLogs export (MIT, see test/fixtures/NOTICE). */
/**
 * Written by hand for these tests (see test/fixtures/NOTICE) in the diagnostic-setting shape:
 * top-level names of Azure Monitor resource logs, the Microsoft Graph directoryAudit object under
 * `properties` (activityDisplayName, activityDateTime, initiatedBy.app / .user, targetResources,
 * modifiedProperties, result, resultReason, additionalDetails).
 */
const diagnostic = resolve(
  import.meta.dirname,
  '../../../test/fixtures/entra/made/audit-diagnostic.jsonl',
);
const otrf = resolve(
  import.meta.dirname,
  '../../../test/fixtures/entra/otrf_GoldenSAMLADFSMailAccess_AADAuditEvents.json',
);

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

// Read by hand from the file: SimuLandApp's object id is TargetResources[0].id of lines 1-3, the
// key id sits in the KeyDescription newValue of lines 1 and 2 (one change logged twice).
const app = 'entra:app:11b49e19-2326-4be6-93cb-7f37439bbd81';
const cred = 'entra:cred:59eaeebc-8a6b-44a6-9f24-7d55e64420c9';
const user = 'entra:user:pgustavo@simulandlabs.com';

describe('Entra audit from the OTRF Golden SAML export', () => {
  it('reads the 4 records with their JSON-text parts', async () => {
    const summary = await ingest(temp.db, [otrf]);

    expect(summary.files[0]).toMatchObject({
      status: 'loaded',
      format: 'entra.audit',
      recordsRead: 4,
      recordsRejected: 0,
    });
    const got = await rows(
      `SELECT record_no, time_raw, category, action, outcome, actor, actor_kind, issued, target,
         target_display, account, call_id FROM events ORDER BY record_no`,
    );
    const common = {
      outcome: 'success',
      actor: user,
      actor_kind: 'User',
      account: '00000000-0000-0000-0000-000000000000',
    };
    const secrets = 'Update application – Certificates and secrets management';
    const change = {
      ...common,
      time_raw: '2021-08-02T13:29:25.983Z',
      category: 'credential_issue',
      action: secrets,
      issued: cred,
      target: app,
      target_display: 'SimuLandApp',
      call_id: '10065ffb-8199-48bc-8ff5-912cb5b8295a',
    };
    expect(got).toEqual([
      { record_no: '1', ...change },
      { record_no: '2', ...change },
      {
        ...common,
        record_no: '3',
        time_raw: '2021-08-02T13:25:12.246Z',
        category: 'api_call',
        action: 'Update application',
        issued: null,
        target: app,
        target_display: 'SimuLandApp',
        call_id: 'ae69aa7a-e9b7-4066-84f2-58582994d8cb',
      },
      {
        ...common,
        record_no: '4',
        time_raw: '2021-08-02T13:27:20.017Z',
        category: 'account_change',
        action: 'Add delegated permission grant',
        issued: null,
        target: 'entra:sp:401dd906-ea4f-4d41-b762-7e936d222368',
        target_display: 'Microsoft Graph',
        call_id: '630d7f0c-acc4-4596-85ab-7e5d839b4291',
      },
    ]);
  });

  it('shows the credential 59eaeebc-... added to SimuLandApp, held by the app', async () => {
    await ingest(temp.db, [otrf]);
    await rebuildGraph(temp.db);

    const links = await rows(
      `SELECT from_id, to_id, kind, proof FROM links
       WHERE to_id = '${cred}' ORDER BY kind, from_id`,
    );
    expect(links).toEqual([
      { from_id: app, to_id: cred, kind: 'holds', proof: 'exact' },
      { from_id: user, to_id: cred, kind: 'issued', proof: 'exact' },
    ]);
  });

  it('takes the user agent from the record', async () => {
    await ingest(temp.db, [otrf]);

    const agents = await rows(`SELECT DISTINCT user_agent FROM events`);
    expect(agents).toEqual([
      {
        user_agent:
          'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.1971',
      },
    ]);
  });
});

describe('Entra audit from a diagnostic-setting export', () => {
  it('reads the camelCase shape: an app adding a key, a failed consent', async () => {
    const summary = await ingest(temp.db, [diagnostic]);

    expect(summary.files[0]).toMatchObject({ format: 'entra.audit', recordsRead: 2 });
    const got = await rows(
      `SELECT category, action, outcome, error_message, actor, actor_kind, actor_display, issued,
         target, src_ip, user_agent, call_id FROM events ORDER BY record_no`,
    );
    const sp = 'entra:sp:5e5e0000-0000-4000-8000-000000000009';
    expect(got).toEqual([
      {
        // Key 01d0... was in oldValue already; 2e50... is the one added.
        category: 'credential_issue',
        action: 'Add service principal credentials',
        outcome: 'success',
        error_message: null,
        actor: 'entra:sp:5e5e0000-0000-4000-8000-000000000001',
        actor_kind: 'ServicePrincipal',
        actor_display: 'ci-deployer',
        issued: 'entra:cred:2e500000-0000-4000-8000-000000000002',
        target: sp,
        src_ip: null,
        user_agent: 'Go-http-client/1.1',
        call_id: 'ab000001-0000-4000-8000-000000000001',
      },
      {
        category: 'account_change',
        action: 'Consent to application',
        outcome: 'failure',
        error_message: 'Microsoft.Online.Security.UserConsentBlockedForRiskyAppsException',
        actor: 'entra:user:alice@contoso.example',
        actor_kind: 'User',
        actor_display: 'alice@contoso.example',
        issued: null,
        target: sp,
        src_ip: '192.0.2.44',
        user_agent: null,
        call_id: 'ab000002-0000-4000-8000-000000000002',
      },
    ]);
  });
});
