import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/*
 * No real Okta export is in the corpus (PROVENANCE.md, "Not collected"), so the fixtures are
 * written by hand after the LogEvent object of Okta's System Log API: `uuid`, `published`,
 * `eventType`, `displayMessage`, `actor {id, type, alternateId, displayName}`,
 * `client {ipAddress, userAgent.rawUserAgent, zone}`, `authenticationContext {credentialType,
 * externalSessionId}`, `outcome {result, reason}`, `target[] {id, type, alternateId,
 * displayName}`, `transaction {id, type}`, `debugContext.debugData`. Every expected value below
 * is read from those files by hand.
 */
const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/okta');
const lines = join(fixtures, 'system-log.jsonl');
const array = join(fixtures, 'system-log-array.json');
const bad = join(fixtures, 'bad-record.jsonl');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const alice = 'okta:user:00u1alice0000000000';
const aliceSession = 'okta:session:102sessAlice0001';
const reportsApp = 'okta:app:0oa9reportsvc000000';

describe('Okta System Log', () => {
  it('reads LogEvents one a line and in a JSON array', async () => {
    const summary = await ingest(temp.db, [lines, array]);

    expect(
      summary.files.map((f) => [f.status, f.format, f.recordsRead, f.recordsRejected]),
    ).toEqual([
      ['loaded', 'okta.system', 7, 0],
      ['loaded', 'okta.system', 2, 0],
    ]);
  });

  it('normalises each event type into its category, outcome and node ids', async () => {
    await ingest(temp.db, [lines]);

    const events = await rows(
      `SELECT record_no, category, action, outcome, error_code, actor, actor_kind, credential,
         issued, target, src_ip, call_id FROM events ORDER BY record_no`,
    );
    expect(events).toEqual([
      // Line 1: a password sign-in that opened session 102sessAlice0001.
      {
        record_no: '1',
        category: 'authentication',
        action: 'user.session.start',
        outcome: 'success',
        error_code: null,
        actor: alice,
        actor_kind: 'User',
        credential: null,
        issued: aliceSession,
        target: null,
        src_ip: '198.51.100.7',
        call_id: 'ZlnzEFa1login0001',
      },
      // Line 2: SSO in the same session to the Salesforce AppInstance (target[0]).
      {
        record_no: '2',
        category: 'authentication',
        action: 'user.authentication.sso',
        outcome: 'success',
        error_code: null,
        actor: alice,
        actor_kind: 'User',
        credential: aliceSession,
        issued: null,
        target: 'okta:app:0oa2salesforce00000',
        src_ip: '198.51.100.7',
        call_id: 'ZlnzEFa1sso0000002',
      },
      // Line 3: client credentials grant by a PublicClientApp; externalSessionId "unknown" is
      // no session; the token is the access_token target, the target the AuthorizationServer.
      {
        record_no: '3',
        category: 'credential_issue',
        action: 'app.oauth2.as.token.grant.access_token',
        outcome: 'success',
        error_code: null,
        actor: reportsApp,
        actor_kind: 'PublicClientApp',
        credential: null,
        issued: 'okta:token:AT.k3jQmZ0reports0001',
        target: 'okta:authorizationserver:aus1reportsAS000000',
        src_ip: '203.0.113.20',
        call_id: 'ZlnzTok3grant00003',
      },
      // Line 4: a failed sign-in (INVALID_CREDENTIALS) issues no session.
      {
        record_no: '4',
        category: 'authentication',
        action: 'user.session.start',
        outcome: 'failure',
        error_code: 'FAILURE',
        actor: 'okta:user:00u2bob00000000000',
        actor_kind: 'User',
        credential: null,
        issued: null,
        target: null,
        src_ip: '192.0.2.44',
        call_id: 'ZlnzBob4fail00004',
      },
      // Line 5: target[0] is an AppUser, a documented type without a kind of its own.
      {
        record_no: '5',
        category: 'account_change',
        action: 'application.user_membership.add',
        outcome: 'success',
        error_code: null,
        actor: alice,
        actor_kind: 'User',
        credential: aliceSession,
        issued: null,
        target: 'okta:appuser:0ua5carolSfdc000000',
        src_ip: '198.51.100.7',
        call_id: 'ZlnzAdm5member0005',
      },
      // Line 6: a grant that lists no access_token target: the token is named by transaction.id.
      {
        record_no: '6',
        category: 'credential_issue',
        action: 'app.oauth2.as.token.grant.access_token',
        outcome: 'success',
        error_code: null,
        actor: alice,
        actor_kind: 'User',
        credential: aliceSession,
        issued: 'okta:token:ZlnzTok6alice0006',
        target: 'okta:authorizationserver:aus1reportsAS000000',
        src_ip: '198.51.100.7',
        call_id: 'ZlnzTok6alice0006',
      },
      // Line 7: a sign-on policy DENY.
      {
        record_no: '7',
        category: 'api_call',
        action: 'policy.evaluate_sign_on',
        outcome: 'failure',
        error_code: 'DENY',
        actor: 'okta:user:00u2bob00000000000',
        actor_kind: 'User',
        credential: null,
        issued: null,
        target: 'okta:rule:rul7blockcurl000000',
        src_ip: '192.0.2.44',
        call_id: 'ZlnzPol7deny00007',
      },
    ]);
  });

  it('keeps the display fields, the reason of a failure and times with offsets', async () => {
    await ingest(temp.db, [lines]);

    const [failed] = await rows(
      `SELECT actor_display, error_message, user_agent, time_raw,
         strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t
       FROM events WHERE record_no = 4`,
    );
    // Line 4: published 2024-05-31T16:02:00.000+02:00 is 14:02 UTC.
    expect(failed).toEqual({
      actor_display: 'bob@example.com',
      error_message: 'INVALID_CREDENTIALS',
      user_agent: 'curl/8.5.0',
      time_raw: '2024-05-31T16:02:00.000+02:00',
      t: '2024-05-31 14:02:00.000000',
    });
    const [sso] = await rows(
      `SELECT target_display, strftime(time AT TIME ZONE 'UTC', '%H:%M:%S.%f') AS t
       FROM events WHERE record_no = 2`,
    );
    expect(sso).toEqual({ target_display: 'Salesforce.com', t: '16:00:05.500000' });
  });

  it('links one login session to everything done in it, and each token to who it was granted to', async () => {
    await ingest(temp.db, [lines]);
    await rebuildGraph(temp.db);

    const links = await rows(
      `SELECT from_id, kind, to_id, call_count FROM links
       WHERE from_id IN ('${alice}', '${aliceSession}', '${reportsApp}') ORDER BY kind, from_id, to_id`,
    );
    expect(links).toEqual([
      {
        from_id: reportsApp,
        kind: 'accessed',
        to_id: 'okta:authorizationserver:aus1reportsAS000000',
        call_count: '1',
      },
      {
        from_id: aliceSession,
        kind: 'accessed',
        to_id: 'okta:app:0oa2salesforce00000',
        call_count: '1',
      },
      {
        from_id: aliceSession,
        kind: 'accessed',
        to_id: 'okta:appuser:0ua5carolSfdc000000',
        call_count: '1',
      },
      {
        from_id: aliceSession,
        kind: 'accessed',
        to_id: 'okta:authorizationserver:aus1reportsAS000000',
        call_count: '1',
      },
      { from_id: reportsApp, kind: 'from_address', to_id: 'ip:203.0.113.20', call_count: '1' },
      // Lines 2, 5, 6 in the session; line 1 (the sign-in) is the user's own.
      { from_id: aliceSession, kind: 'from_address', to_id: 'ip:198.51.100.7', call_count: '3' },
      { from_id: alice, kind: 'from_address', to_id: 'ip:198.51.100.7', call_count: '1' },
      { from_id: alice, kind: 'holds', to_id: aliceSession, call_count: '3' },
      {
        from_id: reportsApp,
        kind: 'issued',
        to_id: 'okta:token:AT.k3jQmZ0reports0001',
        call_count: '1',
      },
      {
        from_id: aliceSession,
        kind: 'issued',
        to_id: 'okta:token:ZlnzTok6alice0006',
        call_count: '1',
      },
      { from_id: alice, kind: 'issued', to_id: aliceSession, call_count: '1' },
    ]);
  });

  it('reads the array export: MFA and a password change in one session', async () => {
    await ingest(temp.db, [array]);

    const events = await rows(
      `SELECT record_no, category, actor, credential, target FROM events ORDER BY record_no`,
    );
    expect(events).toEqual([
      {
        record_no: '1',
        category: 'authentication',
        actor: 'okta:user:00u3dan00000000000',
        credential: 'okta:session:102sessDan00002',
        target: 'okta:authenticatorenrollment:mfa4dan00000000000',
      },
      {
        record_no: '2',
        category: 'account_change',
        actor: 'okta:user:00u3dan00000000000',
        credential: 'okta:session:102sessDan00002',
        target: 'okta:user:00u3dan00000000000',
      },
    ]);
  });

  it('keeps the good events of a file and names the record that is not an event', async () => {
    const summary = await ingest(temp.db, [bad]);

    // Line 2 of bad-record.jsonl is a JSON string.
    expect(summary.files[0]).toMatchObject({
      status: 'partial',
      format: 'okta.system',
      recordsRead: 2,
      recordsRejected: 1,
      firstError: 'record 2: not a JSON object',
    });
    const kept = await rows(`SELECT record_no, action FROM events ORDER BY record_no`);
    expect(kept).toEqual([
      { record_no: '1', action: 'user.session.end' },
      { record_no: '3', action: 'user.session.start' },
    ]);
  });
});
