import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';
import { github } from './github.js';
import { okta } from './okta.js';
import type { FileHead } from './types.js';

/*
 * No real GitHub audit export is in the corpus (PROVENANCE.md, "Not collected"), so the fixtures
 * are written by hand after the audit log event fields of GitHub's enterprise and organisation
 * audit log documentation: `@timestamp` (epoch ms), `created_at`, `_document_id`, `action`,
 * `actor`, `actor_ip`, `user_agent`, `org`, `repo`, `user`, `hashed_token`, `token_id`,
 * `programmatic_access_type`, `operation_type`. One made-up field, `oidc_subject` in the last
 * record of audit-array.json, only carries a GitHub Actions OIDC subject string to exercise the
 * subject rule. Every expected value below is read from those files by hand.
 */
const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/github');
const lines = join(fixtures, 'audit.jsonl');
const array = join(fixtures, 'audit-array.json');
const bad = join(fixtures, 'bad-record.jsonl');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const octocat = 'github:user:octocat';
const pat = 'github:token:k5Yp0m2sQeVbX0a3fJ3nQmWlq4Yz7c1tS9uR2hGd6eA=';
const widgets = 'github:repo:acme/widgets';

describe('GitHub audit log', () => {
  it('reads audit events one a line and in a JSON array', async () => {
    const summary = await ingest(temp.db, [lines, array]);

    expect(
      summary.files.map((f) => [f.status, f.format, f.recordsRead, f.recordsRejected]),
    ).toEqual([
      ['loaded', 'github.audit', 9, 0],
      ['loaded', 'github.audit', 3, 0],
    ]);
  });

  it('normalises each action into its category and node ids', async () => {
    await ingest(temp.db, [lines]);

    const events = await rows(
      `SELECT record_no, category, action, actor, actor_kind, credential, issued, target, src_ip,
         account, call_id FROM events ORDER BY record_no`,
    );
    const oauth = 'github:token:Qm9ndXNPYXV0aFRva2VuSGFzaDAwMDAwMDAwMDA1PQ==';
    const appToken = 'github:token:QXBwU2VydmVyVG9TZXJ2ZXJIYXNoMDAwMDAwMDA2PQ==';
    const row = (
      n: number,
      category: string,
      action: string,
      actor: string,
      credential: string | null,
      issued: string | null,
      target: string | null,
      srcIp: string | null,
      account: string | null,
      callId: string,
    ) => ({
      record_no: String(n),
      category,
      action,
      actor: `github:user:${actor}`,
      actor_kind: actor.endsWith('[bot]') ? 'Bot' : 'User',
      credential,
      issued,
      target,
      src_ip: srcIp,
      account,
      call_id: callId,
    });
    expect(events).toEqual([
      // The token a creation names is the token it created, not the one the call was made with.
      row(
        1,
        'credential_issue',
        'personal_access_token.request_created',
        'octocat',
        null,
        pat,
        'github:org:acme',
        '198.51.100.30',
        'acme',
        'doc-01-pat-request',
      ),
      row(
        2,
        'account_change',
        'personal_access_token.access_granted',
        'mona',
        null,
        null,
        octocat,
        '198.51.100.31',
        'acme',
        'doc-02-pat-granted',
      ),
      row(
        3,
        'api_call',
        'git.clone',
        'octocat',
        pat,
        null,
        widgets,
        '203.0.113.9',
        'acme',
        'doc-03-clone',
      ),
      row(
        4,
        'api_call',
        'repo.download_zip',
        'octocat',
        pat,
        null,
        widgets,
        '203.0.113.9',
        'acme',
        'doc-04-zip',
      ),
      row(
        5,
        'credential_issue',
        'oauth_access.create',
        'octocat',
        null,
        oauth,
        null,
        '198.51.100.30',
        null,
        'doc-05-oauth',
      ),
      row(
        6,
        'api_call',
        'git.fetch',
        'acme-deployer[bot]',
        appToken,
        null,
        'github:repo:acme/infra',
        '192.0.2.55',
        'acme',
        'doc-06-app-fetch',
      ),
      row(
        7,
        'account_change',
        'org.add_member',
        'mona',
        null,
        null,
        'github:user:newbie',
        '198.51.100.31',
        'acme',
        'doc-07-add-member',
      ),
      row(
        8,
        'api_call',
        'workflows.completed_workflow_run',
        'octocat',
        null,
        null,
        'github:repo:acme/infra',
        null,
        'acme',
        'doc-08-workflow',
      ),
      row(
        9,
        'api_call',
        'repo.access',
        'mona',
        null,
        null,
        widgets,
        '2001:db8::31',
        'acme',
        'doc-09-created-at',
      ),
    ]);
  });

  it('reads epoch milliseconds to the microsecond and falls back to created_at', async () => {
    await ingest(temp.db, [lines, array]);

    const times = await rows(
      `SELECT call_id, time_raw, strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t
       FROM events WHERE call_id IN ('doc-03-clone', 'doc-09-created-at', 'arr-03-oidc-subject')
       ORDER BY call_id`,
    );
    expect(times).toEqual([
      // 1717200120000.5 ms = 1717200120 s + 500 us; 1717200120 is 2024-06-01 00:02:00 UTC.
      {
        call_id: 'arr-03-oidc-subject',
        time_raw: '1717200120000.5',
        t: '2024-06-01 00:02:00.000500',
      },
      // 1717171717123 ms: 1717171717 s is 2024-05-31 16:08:37 UTC.
      { call_id: 'doc-03-clone', time_raw: '1717171717123', t: '2024-05-31 16:08:37.123000' },
      // No @timestamp: created_at as written.
      {
        call_id: 'doc-09-created-at',
        time_raw: '2024-05-31T16:25:00.654321Z',
        t: '2024-05-31 16:25:00.654321',
      },
    ]);
  });

  it('links a token to the user who made and used it, the repository and the address', async () => {
    await ingest(temp.db, [lines]);
    await rebuildGraph(temp.db);

    const links = await rows(
      `SELECT from_id, kind, to_id, call_count FROM links
       WHERE from_id = '${pat}' OR to_id = '${pat}' ORDER BY kind, from_id`,
    );
    expect(links).toEqual([
      // Lines 3 (git.clone) and 4 (repo.download_zip).
      { from_id: pat, kind: 'accessed', to_id: widgets, call_count: '2' },
      { from_id: pat, kind: 'from_address', to_id: 'ip:203.0.113.9', call_count: '2' },
      { from_id: octocat, kind: 'holds', to_id: pat, call_count: '2' },
      // Line 1: the fine-grained token's creation.
      { from_id: octocat, kind: 'issued', to_id: pat, call_count: '1' },
    ]);
  });

  it('records the repository of a GitHub Actions OIDC subject as the target', async () => {
    await ingest(temp.db, [array]);

    const [event] = await rows(
      `SELECT action, target, target_display FROM events WHERE call_id = 'arr-03-oidc-subject'`,
    );
    // oidc_subject "repo:acme/infra:environment:production" and no repo field.
    expect(event).toEqual({
      action: 'workflows.prepared_workflow_job',
      target: 'github:repo:acme/infra',
      target_display: 'acme/infra',
    });
  });

  it('keeps the good events of a file and names the record that is not an event', async () => {
    const summary = await ingest(temp.db, [bad]);

    // Line 3 of bad-record.jsonl is a JSON array.
    expect(summary.files[0]).toMatchObject({
      status: 'partial',
      format: 'github.audit',
      recordsRead: 2,
      recordsRejected: 1,
      firstError: 'record 3: not a JSON object',
    });
  });

  it('tells GitHub audit lines and Okta LogEvents apart from their first line', () => {
    const head = (text: string): FileHead => ({
      name: 'x.json',
      bytes: Buffer.from(text),
      text,
      gzip: false,
      complete: true,
      size: text.length,
    });
    const gh = readFileSync(lines, 'utf8');
    const ok = readFileSync(resolve(fixtures, '../okta/system-log.jsonl'), 'utf8');

    expect([github.detect(head(gh)), okta.detect(head(gh))]).toEqual([{ layout: 'ndjson' }, null]);
    expect([github.detect(head(ok)), okta.detect(head(ok))]).toEqual([null, { layout: 'ndjson' }]);
    expect(github.detect(head(readFileSync(array, 'utf8')))).toEqual({ layout: 'array' });
  });
});
