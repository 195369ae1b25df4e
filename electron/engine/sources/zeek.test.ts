import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/zeek');
const pairTsv = join(fixtures, 'pair-conn.log');
const pairJson = join(fixtures, 'pair-conn.json');
const pairUnderscored = join(fixtures, 'pair-conn-underscored.json');
const lsass = join(fixtures, 'otrf_LSASS_campaign_02_conn.log');
const scranton = join(fixtures, 'otrf_apt29_day1_SCRANTON_conn.log');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);

const normalised = `time, time_raw, source, category, action, outcome, error_code, actor,
  actor_kind, actor_display, target, target_display, src_ip, account, region, call_id`;

// The pair files hold the same two connections, written by hand as Zeek writes TSV and JSON;
// 1704164645 s after 1970 is 2024-01-02 03:04:05 UTC.
const pairExpected = [
  {
    time: '2024-01-02 03:04:05.123456+00',
    time_raw: '1704164645.123456',
    source: 'zeek.conn',
    category: 'network',
    action: 'tcp/443 ssl SF',
    outcome: 'success',
    error_code: null,
    actor: 'ip:10.1.2.3',
    actor_kind: 'address',
    actor_display: '10.1.2.3',
    target: 'ip:10.9.8.7',
    target_display: '10.9.8.7',
    src_ip: '10.1.2.3',
    account: null,
    region: null,
    call_id: 'CAbc1234567890abcd',
  },
  {
    time: '2024-01-02 03:04:10.000001+00',
    time_raw: '1704164650.000001',
    source: 'zeek.conn',
    category: 'network',
    action: 'tcp/22 S0',
    outcome: 'failure',
    error_code: null,
    actor: 'ip:10.1.2.3',
    actor_kind: 'address',
    actor_display: '10.1.2.3',
    target: 'ip:10.9.8.7',
    target_display: '10.9.8.7',
    src_ip: '10.1.2.3',
    account: null,
    region: null,
    call_id: 'CXyz0987654321zyxw',
  },
];

describe('Zeek conn.log in both shapes', () => {
  it('gives the same columns and node ids from TSV, dotted JSON and underscored JSON', async () => {
    const summary = await ingest(temp.db, [pairTsv, pairJson, pairUnderscored]);

    expect(summary.files.map((f) => [f.format, f.layout, f.status, f.recordsRead])).toEqual([
      ['zeek.conn', 'tsv', 'loaded', 2],
      ['zeek.conn', 'json', 'loaded', 2],
      ['zeek.conn', 'json-underscored', 'loaded', 2],
    ]);
    for (const file of summary.files) {
      const got = await temp.db.all<Row>(
        `SELECT ${normalised} FROM events WHERE evidence_id = $id ORDER BY record_no`,
        { id: file.evidenceId },
      );
      expect(got, file.path).toEqual(pairExpected);
    }
  });

  it('numbers TSV records by their line and keeps the line and its named fields in raw', async () => {
    await ingest(temp.db, [pairTsv]);

    const got = await rows(`SELECT record_no, raw FROM events ORDER BY record_no`);
    expect(got.map((r) => r.record_no)).toEqual(['9', '10']);
    const raw = JSON.parse(got[1]?.raw ?? '{}') as { line: string; fields: Row };
    expect(raw.line).toBe(readFileSync(pairTsv, 'utf8').split('\n')[9]);
    expect(raw.fields).toMatchObject({
      'id.orig_p': '51001',
      service: null,
      orig_pkts: '1',
      tunnel_parents: '(empty)',
    });
  });

  it('draws one exact connected link per address pair, with the field names as reason', async () => {
    await ingest(temp.db, [pairTsv, pairUnderscored]);
    await rebuildGraph(temp.db);

    expect(
      await rows(`SELECT from_id, to_id, kind, proof, reason, evidence_count FROM links
        WHERE kind = 'connected' OR kind = 'accessed' ORDER BY reason`),
    ).toEqual([
      {
        from_id: 'ip:10.1.2.3',
        to_id: 'ip:10.9.8.7',
        kind: 'connected',
        proof: 'exact',
        reason: 'id.orig_h and id.resp_h',
        evidence_count: '4',
      },
    ]);
  });

  it('reads ts as ISO 8601 text or with nine fraction digits, to the microsecond', async () => {
    const file = join(temp.dir, 'iso.json');
    const record = (ts: string) =>
      `{"ts":${ts},"uid":"C1","id.orig_h":"10.1.2.3","id.orig_p":1,"id.resp_h":"10.9.8.7",` +
      `"id.resp_p":443,"proto":"tcp","conn_state":"SF"}`;
    writeFileSync(
      file,
      `${record('"2024-01-02T03:04:05.123456Z"')}\n${record('1704164645.987654321')}\n`,
    );

    await ingest(temp.db, [file]);

    expect(await rows(`SELECT time, time_raw FROM events ORDER BY record_no`)).toEqual([
      { time: '2024-01-02 03:04:05.123456+00', time_raw: '2024-01-02T03:04:05.123456Z' },
      { time: '2024-01-02 03:04:05.987654+00', time_raw: '1704164645.987654321' },
    ]);
  });

  it('lists another Zeek log as not read and rejects a TSV line of the wrong width', async () => {
    const dns = join(temp.dir, 'dns.log');
    writeFileSync(dns, '#separator \\x09\n#path\tdns\n#fields\tts\tuid\tquery\n1.0\tCx\ta.b\n');
    const cut = join(temp.dir, 'conn.log');
    const lines = readFileSync(pairTsv, 'utf8').split('\n');
    lines[9] = (lines[9] ?? '').split('\t').slice(0, 5).join('\t');
    writeFileSync(cut, lines.join('\n'));

    const summary = await ingest(temp.db, [dns, cut]);

    expect(summary.files[0]).toMatchObject({
      format: 'zeek.conn',
      status: 'skipped',
      skipReason: 'Zeek dns log; only conn.log is read',
    });
    expect(summary.files[1]).toMatchObject({
      status: 'partial',
      recordsRead: 1,
      recordsRejected: 1,
      firstError: 'record 10: 5 fields where #fields names 21',
    });
  });
  it('rejects the rows of a conn.log TSV that has no #fields line, naming the first', async () => {
    const file = join(temp.dir, 'nofields.log');
    writeFileSync(file, '#separator \\x09\n#path\tconn\n1.0\tC1\t10.1.2.3\n');

    const summary = await ingest(temp.db, [file]);

    expect(summary.files[0]).toMatchObject({
      status: 'failed',
      recordsRead: 0,
      recordsRejected: 1,
      firstError: 'record 3: a record before any #fields line',
    });
  });

  it('lists a conn.log TSV with headers and no rows as holding no records', async () => {
    const file = join(temp.dir, 'empty-conn.log');
    const lines = readFileSync(pairTsv, 'utf8').split('\n');
    writeFileSync(file, [...lines.slice(0, 8), lines[10]].join('\n'));

    const summary = await ingest(temp.db, [file]);

    expect(summary.files[0]).toMatchObject({ status: 'skipped', recordsRead: 0 });
  });
});

// Counts and values below were read from the OTRF files with awk and a JSON reader, and by eye.
describe('Zeek conn.log of the OTRF datasets', () => {
  it('reads the 119 TSV rows of LSASS_campaign_02, from line 9 up to the #close line', async () => {
    const summary = await ingest(temp.db, [lsass]);

    expect(summary.files[0]).toMatchObject({ layout: 'tsv', recordsRead: 119, recordsRejected: 0 });
    const [first] = await rows(`SELECT record_no, time, action, outcome, actor, target, call_id
      FROM events ORDER BY record_no LIMIT 1`);
    // 1692146028 s after 1970 is 2023-08-16 00:33:48 UTC.
    expect(first).toEqual({
      record_no: '9',
      time: '2023-08-16 00:33:48.495991+00',
      action: 'udp/53 dns SHR',
      outcome: 'unknown',
      actor: 'ip:192.168.1.43',
      target: 'ip:192.168.1.1',
      call_id: 'CcDO6P1tntZGxYTFn6',
    });
    // conn_state: 111 SHR and 2 OTH (unknown), 6 S0 (no answer).
    expect(
      await rows(`SELECT outcome, count(*) AS n FROM events GROUP BY outcome ORDER BY outcome`),
    ).toEqual([
      { outcome: 'failure', n: '6' },
      { outcome: 'unknown', n: '113' },
    ]);
    const [last] = await rows(`SELECT max(record_no) AS n FROM events`);
    expect(last?.n).toBe('127');
  });

  it('reads the 134 underscored JSON rows of apt29 SCRANTON and their address pairs', async () => {
    const summary = await ingest(temp.db, [scranton]);
    await rebuildGraph(temp.db);

    expect(summary.files[0]).toMatchObject({
      layout: 'json-underscored',
      recordsRead: 134,
      recordsRejected: 0,
    });
    // 1588205198 s after 1970 is 2020-04-30 00:06:38 UTC.
    const [first] = await rows(`SELECT time, action, outcome FROM events WHERE record_no = 1`);
    expect(first).toEqual({
      time: '2020-04-30 00:06:38.89971+00',
      action: 'udp/53 dns SF',
      outcome: 'success',
    });
    // SF 49, RSTO 25, RSTR 22, S1 2 talked; S0 26 and REJ 10 did not.
    expect(
      await rows(`SELECT outcome, count(*) AS n FROM events GROUP BY outcome ORDER BY outcome`),
    ).toEqual([
      { outcome: 'failure', n: '36' },
      { outcome: 'success', n: '98' },
    ]);
    expect(
      await rows(`SELECT to_id, evidence_count FROM links WHERE kind = 'connected'
        AND from_id = 'ip:10.0.1.4' ORDER BY evidence_count DESC LIMIT 3`),
    ).toEqual([
      { to_id: 'ip:10.0.0.4', evidence_count: '66' },
      { to_id: 'ip:10.0.1.6', evidence_count: '44' },
      { to_id: 'ip:192.168.0.4', evidence_count: '16' },
    ]);
  });
});
