import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus } from '../../../test/corpus.js';
import { CaseDb } from '../case/CaseDb.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * The one real Vault audit file of the shared corpus (tallen-hashicorp/vault-tfc-jwt-dynamic-
 * example, docs/audit.json). Its repository has no licence, so it is not copied into the
 * repository: these tests read it beside the clone (../shared/corpus) and skip where it is absent.
 *
 * Read by hand: twelve pretty-printed objects, six request/response pairs, all from 3.93.200.217:
 *  1, 2   auth/jwt/login, response.auth.accessor ZH2nqFsrp7DgfafSzgLu5YGz, entity
 *         c67ec5d4-310a-ec11-cac8-cdeff0fd9878, auth.metadata.role tfc-role (request id redacted)
 *  3, 4   auth/token/renew-self (id 4baf0e12-...); the response names ZH2nqFsrp7DgfafSzgLu5YGz again
 *  5-8    auth/token/lookup-self twice (ids 01c559cd-..., a67ecf0d-...)
 *  9, 10  read secret/data/s3 on the kv mount (id 7298b02c-cc59-046c-2dd9-fbc29ac4adc4)
 *  11, 12 auth/token/revoke-self (id f740af83-3ebe-2146-f7c9-d0421bdd5482)
 * Accessors and client tokens of the requests are redacted as "****", so the later calls link
 * through the entity. PROVENANCE.md says the file has trailing commas; it has none (it parses as
 * JSON values one after another), so the evidence row names only the layout. Each call is one
 * event, its response: six events, on the even lines.
 */
const file = join(corpusRoot, 'vault-audit/tallen-hashicorp_vault-tfc-jwt_audit.json');

const ENTITY = 'vault:entity:c67ec5d4-310a-ec11-cac8-cdeff0fd9878';
const TOKEN = 'vault:token:ZH2nqFsrp7DgfafSzgLu5YGz';
const S3 = 'vault:path:secret/data/s3';

type Row = Record<string, unknown>;

describe.skipIf(!hasCorpus)('the Vault JWT login of the shared corpus', () => {
  let dir: string;
  let db: CaseDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keytrail-vault-corpus-'));
    db = await CaseDb.open(join(dir, 'case.keytrail.duckdb'), { create: true });
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the twelve objects tolerantly as six calls and says so on the evidence row', async () => {
    const summary = await ingest(db, [file]);

    expect(summary.files[0]).toMatchObject({
      format: 'vault.audit',
      layout: 'concatenated',
      status: 'partial',
      recordsRead: 6,
      recordsRejected: 0,
      firstError:
        'read tolerantly: 12 JSON objects written over several lines one after another, not one ' +
        'a line',
    });
    const calls = await db.all<Row>(
      `SELECT record_no::INTEGER AS line, json_extract_string(raw, '$.type') AS type,
         json_extract_string(raw, '$.request.path') AS path
       FROM events ORDER BY record_no`,
    );
    expect(calls).toEqual([
      { line: 2, type: 'response', path: 'auth/jwt/login' },
      { line: 4, type: 'response', path: 'auth/token/renew-self' },
      { line: 6, type: 'response', path: 'auth/token/lookup-self' },
      { line: 8, type: 'response', path: 'auth/token/lookup-self' },
      { line: 10, type: 'response', path: 'secret/data/s3' },
      { line: 12, type: 'response', path: 'auth/token/revoke-self' },
    ]);
  });

  it('shows the JWT login issuing a token that reads secret/data/s3 and then revokes itself', async () => {
    await ingest(db, [file]);
    await rebuildGraph(db);

    const calls = await db.all<Row>(
      `SELECT record_no::INTEGER AS line, category, outcome, actor, issued, target, src_ip, call_id
       FROM events WHERE record_no IN (2, 10, 12) ORDER BY record_no`,
    );
    expect(calls).toEqual([
      {
        line: 2,
        category: 'credential_issue',
        outcome: 'success',
        actor: ENTITY,
        issued: TOKEN,
        target: 'vault:role:jwt/tfc-role',
        src_ip: '3.93.200.217',
        call_id: null,
      },
      {
        line: 10,
        category: 'secret_read',
        outcome: 'success',
        actor: ENTITY,
        issued: null,
        target: S3,
        src_ip: '3.93.200.217',
        call_id: '7298b02c-cc59-046c-2dd9-fbc29ac4adc4',
      },
      {
        line: 12,
        category: 'account_change',
        outcome: 'success',
        actor: ENTITY,
        issued: null,
        target: 'vault:path:auth/token/revoke-self',
        src_ip: '3.93.200.217',
        call_id: 'f740af83-3ebe-2146-f7c9-d0421bdd5482',
      },
    ]);

    const links = await db.all<Row>(
      `SELECT from_id, kind, to_id, call_count::INTEGER AS calls FROM links
       WHERE kind IN ('issued', 'holds', 'assumed', 'read_secret') ORDER BY kind`,
    );
    expect(links).toEqual([
      { from_id: ENTITY, kind: 'assumed', to_id: 'vault:role:jwt/tfc-role', calls: 1 },
      // The login (line 2), and the renew-self response (line 4), which names the token again.
      { from_id: ENTITY, kind: 'holds', to_id: TOKEN, calls: 2 },
      { from_id: ENTITY, kind: 'issued', to_id: TOKEN, calls: 1 },
      // Line 10, the response to line 9.
      { from_id: ENTITY, kind: 'read_secret', to_id: S3, calls: 1 },
    ]);
  });

  it('never makes a node of a redacted value', async () => {
    await ingest(db, [file]);
    await rebuildGraph(db);

    const redacted = await db.all<Row>(`SELECT node_id FROM nodes WHERE node_id LIKE '%**%'`);
    expect(redacted).toEqual([]);
  });
});
