import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { CaseDb } from '../case/CaseDb.js';
import { ingest } from '../ingest/ingest.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/cloudtrail');
const stratus = join(fixtures, 'stratus-red-team');
const otrf = join(fixtures, 'otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.json');
const passwordData = join(stratus, 'aws.credential-access.ec2-get-password-data.json');

const temp = useTempCase();

type Row = Record<string, string | null>;
const rows = (sql: string, params?: Record<string, string>) => temp.db.all<Row>(sql, params);

describe('CloudTrail in the OTRF Logstash shape', () => {
  it('reads all 103 records and takes the time from @timestamp when eventTime is absent', async () => {
    const summary = await ingest(temp.db, [otrf]);

    expect(summary.files[0]).toMatchObject({
      status: 'loaded',
      layout: 'ndjson',
      recordsRead: 103,
    });
    const [first] = await rows(`SELECT * FROM events WHERE record_no = 1`);
    expect(first?.time_raw).toBe('2020-09-14T00:44:23.000Z');
    expect(first?.time).toBe('2020-09-14 00:44:23+00');
    const [missing] = await rows(`SELECT count(*) AS n FROM events WHERE time IS NULL`);
    expect(missing?.n).toBe('0');
  });

  it('shows the instance role key issued to ec2.amazonaws.com and then used for S3 from 1.2.3.4', async () => {
    await ingest(temp.db, [otrf]);

    const issuing = await rows(
      `SELECT actor, actor_kind, target FROM events WHERE issued = 'aws:key:ASIA5FLZVX4OPVKKVBMX'`,
    );
    expect(issuing).toEqual([
      {
        actor: 'aws:service:ec2.amazonaws.com',
        actor_kind: 'AWSService',
        target:
          'aws:role:arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0',
      },
    ]);

    const uses = await rows(
      `SELECT action, count(*) AS n FROM events
       WHERE credential = 'aws:key:ASIA5FLZVX4OPVKKVBMX' AND src_ip = '1.2.3.4'
       GROUP BY action ORDER BY action`,
    );
    expect(uses).toEqual([
      { action: 'GetObject', n: '2' },
      { action: 'ListBuckets', n: '2' },
      { action: 'ListObjects', n: '7' },
    ]);
    const objects = await rows(
      `SELECT DISTINCT target FROM events
       WHERE credential = 'aws:key:ASIA5FLZVX4OPVKKVBMX' AND action = 'GetObject'`,
    );
    expect(objects).toEqual([
      { target: 'aws:resource:arn:aws:s3:::mordors3stack-s3bucket-llp2yingx64a/ring.txt' },
    ]);
  });
});

describe('CloudTrail from Stratus Red Team detonations', () => {
  it('reads every file with the record count its provenance gives', async () => {
    const expected: Record<string, number> = {
      'aws.credential-access.ec2-get-password-data.json': 34,
      'aws.credential-access.ec2-steal-instance-credentials.json': 45,
      'aws.credential-access.secretsmanager-batch-retrieve-secrets.json': 5,
      'aws.credential-access.secretsmanager-retrieve-secrets.json': 21,
      'aws.credential-access.ssm-retrieve-securestring-parameters.json': 10,
      'aws.defense-evasion.cloudtrail-delete.json': 1,
      'aws.defense-evasion.cloudtrail-event-selectors.json': 1,
      'aws.defense-evasion.cloudtrail-stop.json': 1,
      'aws.defense-evasion.dns-delete-logs.json': 1,
      'aws.defense-evasion.organizations-leave.json': 3,
      'aws.defense-evasion.vpc-remove-flow-logs.json': 1,
      'aws.execution.ec2-launch-unusual-instances.json': 3,
      'aws.execution.ec2-user-data.json': 35,
      'aws.execution.ssm-send-command.json': 56,
      'aws.execution.ssm-start-session.json': 29,
      'aws.exfiltration.ec2-security-group-open-port-22-ingress.json': 1,
      'aws.exfiltration.ec2-share-ami.json': 1,
      'aws.exfiltration.ec2-share-ebs-snapshot.json': 1,
      'aws.exfiltration.rds-share-snapshot.json': 1,
      'aws.impact.bedrock-invoke-model.json': 15,
      'aws.initial-access.console-login-without-mfa.json': 1,
      'aws.lateral-movement.ec2-instance-connect.json': 3,
      'aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json': 4,
      'aws.persistence.iam-backdoor-role.json': 1,
      'aws.persistence.iam-backdoor-user.json': 1,
      'aws.persistence.iam-create-admin-user.json': 3,
      'aws.persistence.iam-create-backdoor-role.json': 2,
      'aws.persistence.iam-create-user-login-profile.json': 3,
      'aws.persistence.lambda-backdoor-function.json': 1,
      'aws.persistence.lambda-layer-extension.json': 1,
      'aws.persistence.lambda-overwrite-code.json': 1,
      'aws.persistence.rolesanywhere-create-trust-anchor.json': 2,
      'aws.privilege-escalation.iam-update-user-login-profile.json': 1,
    };

    const summary = await ingest(temp.db, [stratus]);

    const counts = Object.fromEntries(summary.files.map((f) => [f.path, f.recordsRead]));
    expect(counts).toEqual(expected);
    expect(summary.files.every((f) => f.status === 'loaded' && f.layout === 'array')).toBe(true);
    expect(summary.eventsAdded).toBe(289);
  });

  it('finds the key issued by AssumeRole behind the 30 GetPasswordData calls', async () => {
    await ingest(temp.db, [passwordData]);

    const [uses] = await rows(
      `SELECT count(*) AS n FROM events
       WHERE action = 'GetPasswordData' AND credential = 'aws:key:ASIANQQHHS551LWULIWD'`,
    );
    expect(uses?.n).toBe('30');
    const session =
      'aws:session:arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1722375070115152000';
    const links = await rows(
      `SELECT DISTINCT from_id, to_id, kind, proof FROM source_links
       WHERE to_id = 'aws:key:ASIANQQHHS551LWULIWD' OR (kind = 'issued' AND to_id = $s)
       ORDER BY kind`,
      { s: session },
    );
    expect(links).toEqual([
      { from_id: session, to_id: 'aws:key:ASIANQQHHS551LWULIWD', kind: 'holds', proof: 'exact' },
      { from_id: 'aws:key:AKIAWOGXN38MFN92ING5', to_id: session, kind: 'issued', proof: 'exact' },
    ]);
  });

  it('numbers records by their position in the file', async () => {
    await ingest(temp.db, [passwordData]);

    const [first] = await rows(`SELECT call_id, time_raw FROM events WHERE record_no = 1`);
    expect(first).toEqual({
      call_id: '450230d4-b39e-4a18-a6a0-d07a6e2105cb',
      time_raw: '2024-07-30T21:31:21Z',
    });
  });

  it('classifies secret reads, sign-ins and account changes', async () => {
    await ingest(temp.db, [stratus]);

    const byCategory = await rows(
      `SELECT action, category, count(*) AS n FROM events
       WHERE action IN ('GetSecretValue', 'BatchGetSecretValue', 'GetParameters', 'ConsoleLogin',
         'CreateAccessKey', 'UpdateAssumeRolePolicy', 'CreateLoginProfile', 'ListSecrets')
       GROUP BY ALL ORDER BY action`,
    );
    expect(byCategory).toEqual([
      { action: 'BatchGetSecretValue', category: 'secret_read', n: '5' },
      { action: 'ConsoleLogin', category: 'authentication', n: '1' },
      { action: 'CreateAccessKey', category: 'credential_issue', n: '2' },
      { action: 'CreateLoginProfile', category: 'account_change', n: '1' },
      { action: 'GetParameters', category: 'secret_read', n: '5' },
      { action: 'GetSecretValue', category: 'secret_read', n: '20' },
      { action: 'ListSecrets', category: 'api_call', n: '1' },
      { action: 'UpdateAssumeRolePolicy', category: 'account_change', n: '1' },
    ]);
  });

  it('names secrets as logged and links every parameter of a GetParameters call', async () => {
    await ingest(temp.db, [
      join(stratus, 'aws.credential-access.secretsmanager-retrieve-secrets.json'),
      join(stratus, 'aws.credential-access.ssm-retrieve-securestring-parameters.json'),
    ]);

    const secrets = await rows(
      `SELECT target FROM events WHERE action = 'GetSecretValue' AND record_no = 2`,
    );
    expect(secrets[0]?.target).toMatch(
      /^aws:secret:arn:aws:secretsmanager:.*:secret:stratus-red-team-retrieve-secret-/,
    );
    const [params] = await rows(
      `SELECT count(*) AS n FROM source_links WHERE kind = 'read_secret'
         AND starts_with(to_id, 'aws:secret:ssm:/credentials/stratus-red-team/')`,
    );
    expect(params?.n).toBe('42');
  });

  it('links a key made by CreateAccessKey to the user it was made for', async () => {
    await ingest(temp.db, [join(stratus, 'aws.persistence.iam-backdoor-user.json')]);

    const [event] = await rows(`SELECT actor, issued, target FROM events`);
    expect(event).toEqual({
      actor: 'aws:user:arn:aws:iam::946986569305:user/christophe',
      issued: 'aws:key:AKIAL80DWDVKKM0UXEER',
      target: 'aws:user:arn:aws:iam::946986569305:user/stratus-red-team-backdoor-u-user',
    });
    const links = await rows(`SELECT from_id, to_id, kind FROM source_links`);
    expect(links).toEqual([
      {
        from_id: 'aws:user:arn:aws:iam::946986569305:user/stratus-red-team-backdoor-u-user',
        to_id: 'aws:key:AKIAL80DWDVKKM0UXEER',
        kind: 'holds',
      },
    ]);
  });
});

describe('CloudTrail Event-history exports', () => {
  it('keeps the exported line as raw and reads the inner event', async () => {
    const summary = await ingest(temp.db, [join(fixtures, 'plaso_aws_cloudtrail.jsonl')]);

    expect(summary.files[0]).toMatchObject({ layout: 'event-history', recordsRead: 6 });
    const events = await rows(`SELECT action, time_raw, actor, raw FROM events ORDER BY record_no`);
    expect(events.map((e) => [e.action, e.time_raw])).toEqual([
      ['DescribeInstances', '2022-02-07T22:23:37Z'],
      ['TerminateInstances', '2022-02-07T22:23:18Z'],
      ['StopInstances', '2022-02-07T22:23:03Z'],
      ['SharedSnapshotVolumeCreated', '2022-02-07T22:19:07Z'],
      ['RunInstances', '2022-02-07T22:19:05Z'],
      ['CreateSecurityGroup', '2022-02-07T22:19:04Z'],
    ]);
    expect(events[0]?.raw).toContain('"CloudTrailEvent"');
    expect(events[3]?.actor).toBe('aws:service:ec2.amazonaws.com');
  });
});

describe('CloudTrail packaging', () => {
  const key = (e: Row) => [
    e.record_no,
    e.action,
    e.time,
    e.actor,
    e.credential,
    e.issued,
    e.target,
  ];

  it('reads a Records file, its gzip, a zip and a tar.gz as the same records, stored once', async () => {
    const records = JSON.parse(readFileSync(passwordData, 'utf8')) as unknown[];
    const wrapped = JSON.stringify({ Records: records });
    writeFileSync(join(temp.dir, 'records.json'), wrapped);
    writeFileSync(join(temp.dir, 'records-gz.bin'), gzipSync(wrapped));
    await tar.c({ gzip: true, file: join(temp.dir, 'bundle.tgz'), cwd: stratus }, [
      'aws.credential-access.ec2-get-password-data.json',
    ]);

    const summary = await ingest(temp.db, [
      passwordData,
      join(temp.dir, 'records.json'),
      join(temp.dir, 'records-gz.bin'),
      join(temp.dir, 'bundle.tgz'),
      join(fixtures, 'archives', 'stratus.zip'),
    ]);

    const byPath = Object.fromEntries(summary.files.map((f) => [f.path, f]));
    // The array file came first: its 34 records are stored, the two Records files repeat them.
    for (const path of ['records.json', 'records-gz.bin']) {
      expect(byPath[path]).toMatchObject({
        layout: 'records',
        recordsRead: 34,
        recordsDuplicate: 34,
      });
    }
    const tarMember = byPath['bundle.tgz/aws.credential-access.ec2-get-password-data.json'];
    const zipMember = byPath['stratus.zip/aws.credential-access.ec2-get-password-data.json'];
    expect(tarMember?.status).toBe('duplicate');
    expect(zipMember?.status).toBe('duplicate');

    const plain = await eventsOf(summary.files[0]!.evidenceId);
    expect(plain).toHaveLength(34);
    for (const path of ['records.json', 'records-gz.bin']) {
      const evidenceId = byPath[path]!.evidenceId;
      expect(await eventsOf(evidenceId)).toEqual([]);

      // Every stored record names its place in the other file, at the same position.
      const copies = await rows(
        `SELECT event_id, record_no FROM event_copies WHERE evidence_id = $e ORDER BY record_no`,
        { e: evidenceId },
      );
      expect(copies.map((c) => [c.event_id, Number(c.record_no)])).toEqual(
        plain.map((e) => [e.event_id, Number(e.record_no)]),
      );
    }
  });

  it('normalises a Records file and a JSON array of the same records alike', async () => {
    const records = JSON.parse(readFileSync(passwordData, 'utf8')) as unknown[];
    writeFileSync(join(temp.dir, 'records.json'), JSON.stringify({ Records: records }));
    const apart = await CaseDb.open(join(temp.dir, 'apart.keytrail.duckdb'), { create: true });
    try {
      const [array] = (await ingest(temp.db, [passwordData])).files;
      const [wrapped] = (await ingest(apart, [join(temp.dir, 'records.json')])).files;
      const inArray = (await eventsOf(array!.evidenceId)).map(key);
      const inRecords = await apart.all<Row>(
        `SELECT * FROM events WHERE evidence_id = $e ORDER BY record_no`,
        { e: wrapped!.evidenceId },
      );
      expect(inArray).toHaveLength(34);
      expect(inRecords.map(key)).toEqual(inArray);
    } finally {
      apart.close();
    }
  });

  async function eventsOf(evidenceId: string): Promise<Row[]> {
    return rows(`SELECT * FROM events WHERE evidence_id = $e ORDER BY record_no`, {
      e: evidenceId,
    });
  }
});
