import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * Sign-ins that name their session, written by hand (test/fixtures/NOTICE): no real sign-in
 * export is in the corpus. signin-sessions.jsonl, in the diagnostic-setting shape:
 * 1. 09:00 alice, interactive, from 198.51.100.20, session S1, token a1;
 * 2. 09:20 alice, non-interactive, same address, S1, token a2;
 * 3. 11:05 alice, non-interactive, from 203.0.113.77 with python-requests, S1, token a3;
 * 4. 10:00 bob, interactive, from 192.0.2.44, session S2, token b1;
 * 5. 10:30 bob, non-interactive, same address, S2, token b2;
 * 6. 10:40 bob, non-interactive, same address, an empty sessionId, token b3.
 * signin-sessions-log-analytics.json: carol's one SigninLogs row with the SessionId column.
 */
const made = resolve(import.meta.dirname, '../../../test/fixtures/entra/made');
const diagnostic = join(made, 'signin-sessions.jsonl');
const analytics = join(made, 'signin-sessions-log-analytics.json');

const S1 = 'entra:session:5e551011-0000-4000-8000-000000000001';
const S2 = 'entra:session:5e551012-0000-4000-8000-000000000002';
const S3 = 'entra:session:5e551013-0000-4000-8000-000000000003';
const alice = 'entra:user:alice@contoso.example';
const bob = 'entra:user:bob@contoso.example';
// uniqueTokenIdentifier is base64 of `tok-a1-fake` and so on: `dG9rLW` + `Ex` (a1) + `LWZha2U`.
const token = (middle: string) => `entra:token:dG9rLW${middle}LWZha2U`;

const temp = useTempCase();

async function sessionLinks() {
  const rows = await temp.db.all<{
    from_id: string;
    kind: string;
    to_id: string;
    proof: string;
    records: number[];
  }>(
    `SELECT l.from_id, l.kind, l.to_id, l.proof, list(e.record_no ORDER BY e.record_no) AS records
     FROM links l JOIN link_evidence le USING (link_id) JOIN events e USING (event_id)
     WHERE starts_with(l.from_id, 'entra:session:') OR starts_with(l.to_id, 'entra:session:')
     GROUP BY ALL ORDER BY l.from_id, l.kind, l.to_id`,
  );
  return rows.map((r) => ({ ...r, records: r.records.map(Number) }));
}

describe('Entra sign-ins of one session', () => {
  it('gather on the session node, each link drawn from the one record naming both ends', async () => {
    await ingest(temp.db, [diagnostic]);
    await rebuildGraph(temp.db);

    // Records by record_no, as numbered above; line 6's empty sessionId draws nothing.
    expect(await sessionLinks()).toEqual([
      {
        from_id: S1,
        kind: 'from_address',
        to_id: 'ip:198.51.100.20',
        proof: 'exact',
        records: [1, 2],
      },
      { from_id: S1, kind: 'from_address', to_id: 'ip:203.0.113.77', proof: 'exact', records: [3] },
      { from_id: S1, kind: 'issued', to_id: token('Ex'), proof: 'exact', records: [1] },
      { from_id: S1, kind: 'issued', to_id: token('Ey'), proof: 'exact', records: [2] },
      { from_id: S1, kind: 'issued', to_id: token('Ez'), proof: 'exact', records: [3] },
      {
        from_id: S2,
        kind: 'from_address',
        to_id: 'ip:192.0.2.44',
        proof: 'exact',
        records: [4, 5],
      },
      { from_id: S2, kind: 'issued', to_id: token('Ix'), proof: 'exact', records: [4] },
      { from_id: S2, kind: 'issued', to_id: token('Iy'), proof: 'exact', records: [5] },
      { from_id: alice, kind: 'has_session', to_id: S1, proof: 'exact', records: [1, 2, 3] },
      { from_id: bob, kind: 'has_session', to_id: S2, proof: 'exact', records: [4, 5] },
    ]);
  });

  it('name the shared session id in the reason of each link', async () => {
    await ingest(temp.db, [diagnostic]);
    await rebuildGraph(temp.db);

    const reasons = await temp.db.all<{ reason: string }>(
      `SELECT DISTINCT reason FROM links WHERE from_id = $s OR to_id = $s ORDER BY reason`,
      { s: S1 },
    );
    expect(reasons.map((r) => r.reason)).toEqual([
      'sessionId 5e551011-0000-4000-8000-000000000001 and ipAddress of one sign-in',
      'sessionId 5e551011-0000-4000-8000-000000000001 and uniqueTokenIdentifier of one sign-in',
      'the signed-in identity and sessionId 5e551011-0000-4000-8000-000000000001 of one sign-in',
    ]);
  });

  it('read the session of a Log Analytics row from its SessionId column', async () => {
    await ingest(temp.db, [analytics]);
    await rebuildGraph(temp.db);

    expect(await sessionLinks()).toEqual([
      {
        from_id: S3,
        kind: 'from_address',
        to_id: 'ip:198.51.100.30',
        proof: 'exact',
        records: [1],
      },
      { from_id: S3, kind: 'issued', to_id: token('Mx'), proof: 'exact', records: [1] },
      {
        from_id: 'entra:user:carol@contoso.example',
        kind: 'has_session',
        to_id: S3,
        proof: 'exact',
        records: [1],
      },
    ]);
  });
});
