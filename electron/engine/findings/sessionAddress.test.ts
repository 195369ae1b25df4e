import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';
import { findingsOf } from './findingsFixture.js';
import { newAddress } from './rules/newAddress.js';

/**
 * test/fixtures/entra/made/signin-sessions.jsonl (see entraSessions.test.ts): alice's session S1
 * signs in at 09:00 and 09:20 from 198.51.100.20 with Edge, then at 11:05 from 203.0.113.77 with
 * python-requests; bob's session S2 twice from 192.0.2.44. Each sign-in issues a token of its
 * own, used nowhere, so no token shows a new address: only the session does, and only alice's.
 */
const fixture = resolve(
  import.meta.dirname,
  '../../../test/fixtures/entra/made/signin-sessions.jsonl',
);
const S1 = 'entra:session:5e551011-0000-4000-8000-000000000001';
const edge =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';

const temp = useTempCase();

describe('a sign-in session seen from a second address', () => {
  it('is reported once, for the session, with its first sign-in and the one from elsewhere', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    const found = await findingsOf(temp.db, [newAddress]);

    expect(found).toHaveLength(1);
    const records = await temp.db.all<{ record_no: number }>(
      `SELECT record_no FROM events WHERE list_contains($ids::JSON::TEXT[], event_id)
       ORDER BY record_no`,
      { ids: JSON.stringify(found[0]!.event_ids) },
    );
    expect(records.map((r) => Number(r.record_no))).toEqual([1, 3]);
    expect(found[0]).toMatchObject({
      severity: 'high',
      first_time: '2024-05-06T11:05:00Z',
      last_time: '2024-05-06T11:05:00Z',
      node_ids: ['entra:user:alice@contoso.example', S1, 'ip:203.0.113.77'],
    });
    expect(found[0]?.summary).toBe(
      `${S1} was used from address 203.0.113.77, user agent python-requests/2.31.0, not seen at ` +
        `its issuance or earlier use (address 198.51.100.20, user agent ${edge}).`,
    );
  });
});
