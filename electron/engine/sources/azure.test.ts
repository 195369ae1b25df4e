import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/azure');
/** plaso's test file (Apache-2.0, see test/fixtures/NOTICE): the Azure SDK's snake_case shape. */
const plaso = join(fixtures, 'plaso_azure_activity_log.jsonl');
/**
 * Written by hand for these tests from Microsoft's "Azure Activity Log event schema" page (the
 * diagnostic-setting / storage export shape: time, resourceId, operationName, resultType,
 * resultSignature, callerIpAddress, correlationId, identity.claims, caller, location).
 */
const made = join(fixtures, 'made/diagnostic_activity.json');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const fakeId = '12345678-9abc-defg-hijk-lmnopqrstuvw';
const disk =
  `/subscriptions/${fakeId}/resourceGroups/TEST-RESOURCE-GROUP/providers/Microsoft.Compute/disks/` +
  'test-vm_disk1_cd8883de78cb4cda97cb858dfe0cda3a';

describe('Azure Activity from the plaso test file', () => {
  it('reads the 4 records, app callers as service principals by claims.appid', async () => {
    const summary = await ingest(temp.db, [plaso]);

    expect(summary.files[0]).toMatchObject({
      status: 'loaded',
      format: 'azure.activity',
      recordsRead: 4,
      recordsRejected: 0,
    });
    // Values read from the file: line 1 is the disk delete by an app (claims.idtyp = "app").
    const [first] = await rows(
      `SELECT time_raw, category, action, outcome, actor, actor_kind, actor_display, target,
         target_display, src_ip, account, call_id FROM events WHERE record_no = 1`,
    );
    expect(first).toEqual({
      time_raw: '2022-02-09T03:04:54.297853Z',
      category: 'api_call',
      action: 'Microsoft.Compute/disks/delete',
      outcome: 'unknown',
      actor: `entra:sp:${fakeId}`,
      actor_kind: 'ServicePrincipal',
      actor_display: fakeId,
      target: `azure:resource:${disk.toLowerCase()}`,
      target_display: disk,
      src_ip: '1.2.3.4',
      account: fakeId,
      call_id: 'c0c54eb6-3a17-42e2-b6f6-37484ac276c4',
    });
  });

  it('names user callers by their caller field and keeps the operation as the action', async () => {
    await ingest(temp.db, [plaso]);

    // Lines 2 and 4: fakeemail@fakedomain.com on virtualMachines, no idtyp claim.
    const users = await rows(
      `SELECT record_no, actor, action FROM events WHERE actor_kind = 'User' ORDER BY record_no`,
    );
    expect(users).toEqual([
      {
        record_no: '2',
        actor: 'entra:user:fakeemail@fakedomain.com',
        action: 'Microsoft.Compute/virtualMachines/delete',
      },
      {
        record_no: '4',
        actor: 'entra:user:fakeemail@fakedomain.com',
        action: 'Microsoft.Compute/virtualMachines/write',
      },
    ]);
  });
});

describe('Azure Activity from a diagnostic-setting export', () => {
  it('reads the camelCase shape in a records wrapper, role assignments as account changes', async () => {
    const summary = await ingest(temp.db, [made]);

    expect(summary.files[0]).toMatchObject({ format: 'azure.activity', recordsRead: 2 });
    const got = await rows(
      `SELECT category, action, outcome, error_code, actor, target, src_ip, account, region,
         call_id, strftime(time, '%Y-%m-%d %H:%M:%S.%f') AS t FROM events ORDER BY record_no`,
    );
    expect(got).toEqual([
      {
        category: 'account_change',
        action: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
        outcome: 'success',
        error_code: null,
        actor: 'entra:sp:c0ffee00-0000-4000-8000-000000000002',
        target:
          'azure:resource:/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/' +
          'rg-prod/providers/microsoft.authorization/roleassignments/' +
          '5f1e0000-0000-4000-8000-0000000000aa',
        src_ip: '203.0.113.7',
        account: '0b1c2d3e-0000-4000-8000-000000000001',
        region: 'global',
        call_id: '7a1b2c3d-0000-4000-8000-000000000010',
        t: '2024-05-06 10:11:12.123456',
      },
      {
        category: 'api_call',
        action: 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION',
        outcome: 'failure',
        error_code: 'Forbidden.AuthorizationFailed',
        actor: 'entra:user:alice@contoso.example',
        target:
          'azure:resource:/subscriptions/0b1c2d3e-0000-4000-8000-000000000001/resourcegroups/' +
          'rg-prod/providers/microsoft.storage/storageaccounts/prodlogs',
        src_ip: '198.51.100.23',
        account: '0b1c2d3e-0000-4000-8000-000000000001',
        region: 'westeurope',
        call_id: '7a1b2c3d-0000-4000-8000-000000000011',
        t: '2024-05-06 10:15:00.000000',
      },
    ]);
  });
});
