import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus } from '../../../test/corpus.js';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/vpcflow');
const v2Header = join(fixtures, 'v2-header.log');
const v5Custom = join(fixtures, 'v5-custom.log');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string) => temp.db.all<Row>(sql);
const columns = `record_no, time, time_raw, category, action, outcome, actor, target, src_ip,
  account, region`;

// The expected values below are read off the fixture lines by hand; epoch seconds were converted
// by counting days from 1970 (1418530010 is 2014-12-14 04:06:50 UTC, 1700000000 is
// 2023-11-14 22:13:20 UTC).
describe('VPC flow logs with a header line (own fixtures)', () => {
  it('names the fields from the header and counts the NODATA row as coverage', async () => {
    const summary = await ingest(temp.db, [v2Header]);

    expect(summary.files[0]).toMatchObject({
      format: 'aws.vpcflow',
      layout: 'header',
      status: 'loaded',
      recordsRead: 3,
      recordsRejected: 0,
    });
    expect(await rows(`SELECT ${columns} FROM events ORDER BY record_no`)).toEqual([
      {
        record_no: '2',
        time: '2014-12-14 04:06:50+00',
        time_raw: '1418530010',
        category: 'network',
        action: 'tcp/22 ACCEPT',
        outcome: 'success',
        actor: 'ip:172.31.16.139',
        target: 'ip:172.31.16.21',
        src_ip: '172.31.16.139',
        account: '123456789010',
        region: null,
      },
      {
        record_no: '3',
        time: '2014-12-14 04:06:50+00',
        time_raw: '1418530010',
        category: 'network',
        action: 'tcp/3389 REJECT',
        outcome: 'failure',
        actor: 'ip:172.31.9.69',
        target: 'ip:172.31.9.12',
        src_ip: '172.31.9.69',
        account: '123456789010',
        region: null,
      },
      {
        record_no: '4',
        time: '2015-05-10 18:01:16+00',
        time_raw: '1431280876',
        category: 'network',
        action: 'NODATA',
        outcome: 'unknown',
        actor: null,
        target: null,
        src_ip: null,
        account: '123456789010',
        region: null,
      },
    ]);
  });

  it('keeps the line as written and its fields by name in raw, with - as null', async () => {
    await ingest(temp.db, [v2Header]);

    const [first] = await rows(`SELECT raw FROM events WHERE record_no = 2`);
    const raw = JSON.parse(first?.raw ?? '{}') as { line: string; fields: Row };
    expect(raw.line).toBe(readFileSync(v2Header, 'utf8').split('\n')[1]);
    expect(raw.fields).toMatchObject({ srcport: '20641', packets: '20', bytes: '4249' });
    const [nodata] = await rows(`SELECT raw->'fields'->>'srcaddr' AS src FROM events
      WHERE action = 'NODATA'`);
    expect(nodata?.src).toBeNull();
  });

  it('reads a v5 custom order by its header: srcaddr is the actor, pkt-srcaddr stays in raw', async () => {
    await ingest(temp.db, [v5Custom]);

    expect(await rows(`SELECT ${columns} FROM events WHERE record_no = 3`)).toEqual([
      {
        record_no: '3',
        time: '2023-11-14 22:13:50+00',
        time_raw: '1700000030',
        category: 'network',
        action: 'tcp/49153 ACCEPT',
        outcome: 'success',
        actor: 'ip:10.0.2.9',
        target: 'ip:10.0.1.5',
        src_ip: '10.0.2.9',
        account: '123456789012',
        region: 'eu-west-1',
      },
    ]);
    const [nat] = await rows(`SELECT raw->'fields'->>'pkt-srcaddr' AS pkt,
      raw->'fields'->>'pkt-src-aws-service' AS service FROM events WHERE record_no = 3`);
    expect(nat).toEqual({ pkt: '198.51.100.20', service: 'AMAZON' });
    expect(
      await rows(`SELECT record_no, action FROM events WHERE record_no <> 3 ORDER BY record_no`),
    ).toEqual([
      { record_no: '2', action: 'tcp/443 ACCEPT' },
      { record_no: '4', action: 'udp/53 REJECT' },
      { record_no: '5', action: 'SKIPDATA' },
    ]);
  });

  it('draws an exact connected link between the two addresses and nothing else', async () => {
    await ingest(temp.db, [v2Header]);
    await rebuildGraph(temp.db);

    expect(
      await rows(`SELECT from_id, to_id, kind, proof, reason, evidence_count FROM links
        ORDER BY from_id`),
    ).toEqual([
      {
        from_id: 'ip:172.31.16.139',
        to_id: 'ip:172.31.16.21',
        kind: 'connected',
        proof: 'exact',
        reason: 'srcaddr and dstaddr',
        evidence_count: '1',
      },
      {
        from_id: 'ip:172.31.9.69',
        to_id: 'ip:172.31.9.12',
        kind: 'connected',
        proof: 'exact',
        reason: 'srcaddr and dstaddr',
        evidence_count: '1',
      },
    ]);
  });

  it('lets NODATA and SKIPDATA rows be queried as coverage of their interfaces', async () => {
    await ingest(temp.db, [v2Header, v5Custom]);

    const coverage = await rows(`SELECT action, raw->'fields'->>'interface-id' AS interface,
        time, raw->'fields'->>'end' AS until
      FROM events WHERE source = 'aws.vpcflow' AND action IN ('NODATA', 'SKIPDATA')
      ORDER BY action`);
    expect(coverage).toEqual([
      {
        action: 'NODATA',
        interface: 'eni-1a2b3c4d',
        time: '2015-05-10 18:01:16+00',
        until: '1431280934',
      },
      {
        action: 'SKIPDATA',
        interface: 'eni-0a1b2c3d4e5f6a7b8',
        time: '2023-11-14 22:16:40+00',
        until: '1700000260',
      },
    ]);
  });

  it('reads two files joined end to end, each part by its own header', async () => {
    const joined = join(temp.dir, 'joined.log');
    writeFileSync(joined, readFileSync(v2Header, 'utf8') + readFileSync(v5Custom, 'utf8'));

    const summary = await ingest(temp.db, [joined]);

    expect(summary.files[0]).toMatchObject({ recordsRead: 7, recordsRejected: 0 });
    const [udp] = await rows(`SELECT record_no, action, region FROM events
      WHERE action = 'udp/53 REJECT'`);
    expect(udp).toEqual({ record_no: '8', action: 'udp/53 REJECT', region: 'eu-west-1' });
  });

  it('reads a gzipped file the same way', async () => {
    const gz = join(temp.dir, 'flows.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(v2Header)));

    const summary = await ingest(temp.db, [gz]);

    expect(summary.files[0]).toMatchObject({ format: 'aws.vpcflow', recordsRead: 3 });
  });

  it('rejects a line whose field count the header does not give, naming its line number', async () => {
    const bad = join(temp.dir, 'bad.log');
    const [header, good] = readFileSync(v2Header, 'utf8').split('\n');
    writeFileSync(bad, `${header}\n${good}\n2 123456789010 eni-1 1.2.3.4 5.6.7.8 1 2 6 1 1 1 2\n`);

    const summary = await ingest(temp.db, [bad]);

    expect(summary.files[0]).toMatchObject({
      status: 'partial',
      recordsRead: 1,
      recordsRejected: 1,
      firstError: 'record 3: 12 fields where the header names 14',
    });
  });

  it('lists a file holding only its header line as holding no records', async () => {
    const file = join(temp.dir, 'header-only.log');
    writeFileSync(file, readFileSync(v2Header, 'utf8').split('\n')[0] + '\n');

    const summary = await ingest(temp.db, [file]);

    expect(summary.files[0]).toMatchObject({
      format: 'aws.vpcflow',
      status: 'skipped',
      recordsRead: 0,
      recordsRejected: 0,
    });
  });

  it('leaves text that only looks like words to other sources', async () => {
    const text = join(temp.dir, 'notes.log');
    writeFileSync(text, 'hello world this is not a flow log\n');

    const summary = await ingest(temp.db, [text]);

    expect(summary.files[0]?.format).not.toBe('aws.vpcflow');
  });
});

// The elastic/integrations samples are under the Elastic License 2.0, so they stay in the shared
// corpus beside the repository and are not copied into test/fixtures; without it these skip.
describe.skipIf(!hasCorpus)('VPC flow logs of the elastic/integrations samples', () => {
  const extra = join(corpusRoot, 'vpc-flow/elastic_test-extra-samples.log');
  const v5 = join(corpusRoot, 'vpc-flow/elastic_test-v5-all-fields.log');

  it('reads all 7 default-format lines, the NODATA and SKIPDATA rows as coverage events', async () => {
    const summary = await ingest(temp.db, [extra]);

    expect(summary.files[0]).toMatchObject({
      layout: 'default',
      status: 'loaded',
      recordsRead: 7,
      recordsRejected: 0,
    });
    expect(
      await rows(`SELECT record_no, action, outcome, actor, target FROM events ORDER BY record_no`),
    ).toEqual([
      {
        record_no: '1',
        action: 'tcp/22 ACCEPT',
        outcome: 'success',
        actor: 'ip:2001:db8:1234:a100:8d6e:3477:df66:f105',
        target: 'ip:2001:db8:1234:a102:3304:8879:34cf:4071',
      },
      { record_no: '2', action: 'NODATA', outcome: 'unknown', actor: null, target: null },
      { record_no: '3', action: 'SKIPDATA', outcome: 'unknown', actor: null, target: null },
      {
        record_no: '4',
        action: 'tcp/22 ACCEPT',
        outcome: 'success',
        actor: 'ip:78.24.182.42',
        target: 'ip:158.109.0.1',
      },
      {
        record_no: '5',
        action: 'tcp/3389 REJECT',
        outcome: 'failure',
        actor: 'ip:78.24.182.42',
        target: 'ip:158.109.0.1',
      },
      {
        record_no: '6',
        action: 'icmp ACCEPT',
        outcome: 'success',
        actor: 'ip:203.0.113.12',
        target: 'ip:172.31.16.139',
      },
      {
        record_no: '7',
        action: 'icmp REJECT',
        outcome: 'failure',
        actor: 'ip:172.31.16.139',
        target: 'ip:203.0.113.12',
      },
    ]);
    // 1477913708 s after 1970 is 2016-10-31 11:35:08 UTC.
    const [ipv6] = await rows(`SELECT time FROM events WHERE record_no = 1`);
    expect(ipv6?.time).toBe('2016-10-31 11:35:08+00');
  });

  it('loads the v5 line with its 9-digit start as written: 164000066 s is 1975-03-14', async () => {
    const summary = await ingest(temp.db, [v5]);

    expect(summary.files[0]).toMatchObject({ layout: 'default', recordsRead: 1 });
    expect(await rows(`SELECT ${columns}, raw->'fields'->>'end' AS "end" FROM events`)).toEqual([
      {
        record_no: '1',
        time: '1975-03-14 03:34:26+00',
        time_raw: '164000066',
        category: 'network',
        action: 'udp/33004 REJECT',
        outcome: 'failure',
        actor: 'ip:89.160.20.156',
        target: 'ip:10.200.0.0',
        src_ip: '89.160.20.156',
        account: '64111117617',
        region: 'us-east-1',
        end: '1640000297',
      },
    ]);
  });
});
