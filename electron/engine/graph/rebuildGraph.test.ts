import { listValue } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeKind, nodeLabel } from '../../../shared/nodeIds.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from './chainFixture.js';
import { eid, fixtureCase, lid } from './fixtureCase.js';
import { kindSql, labelSql, valueSql } from './nodeSql.js';
import { rebuildGraph } from './rebuildGraph.js';

const { U, KA, K1, S, R, B, SEC, EARLY, SKEWED, S3, IP1, IP2, IP3 } = ids;

let db: CaseDb | undefined;
afterEach(() => db?.close());

async function linkKeys(c: CaseDb): Promise<string[]> {
  const rows = await c.all<{ k: string }>(
    `SELECT from_id || ' ' || kind || ' ' || to_id AS k FROM links ORDER BY k`,
  );
  return rows.map((r) => r.k);
}

describe('rebuildGraph', () => {
  it('derives exactly the links the hand-made chain shows', async () => {
    db = await chainCase();
    const counts = await rebuildGraph(db);

    const expected = [
      `${U} holds ${KA}`,
      `${KA} issued ${K1}`,
      `${KA} from_address ${IP1}`,
      `${KA} issued ${S}`,
      `${KA} assumed ${R}`,
      `${S} holds ${K1}`,
      `${K1} accessed ${B}`,
      `${K1} from_address ${IP2}`,
      `${K1} read_secret ${SEC}`,
      `${K1} accessed ${EARLY}`,
      `${K1} accessed ${SKEWED}`,
      `${K1} from_address ${IP3}`,
      `${K1} accessed ${U}`,
      `${K1} accessed ${S3}`,
    ].sort();
    expect(await linkKeys(db)).toEqual(expected);
    expect(counts).toEqual({ links: 14, nodes: 13 });
  });

  it('skips the generic target link where a source link already names the target', async () => {
    db = await chainCase();
    await rebuildGraph(db);

    const keys = await linkKeys(db);
    expect(keys).not.toContain(`${KA} accessed ${R}`);
    expect(keys).toContain(`${KA} assumed ${R}`);
  });

  it('counts copies of one call once but keeps every copy as evidence', async () => {
    db = await chainCase();
    await rebuildGraph(db);

    const secret = await db.one<Record<string, string>>(
      `SELECT link_id, call_count, evidence_count, proof FROM links WHERE to_id = $t`,
      { t: SEC },
    );
    expect(secret).toEqual({
      link_id: lid(K1, 'read_secret', SEC),
      call_count: '1',
      evidence_count: '2',
      proof: 'exact',
    });

    const holds = await db.one<Record<string, string>>(
      `SELECT call_count, evidence_count, strftime(first_time, '%H:%M') AS f,
        strftime(last_time, '%H:%M') AS l FROM links WHERE from_id = $s AND to_id = $k`,
      { s: S, k: K1 },
    );
    expect(holds).toEqual({ call_count: '5', evidence_count: '6', f: '10:00', l: '10:20' });
    expect(await db.one(`SELECT count(*) AS n FROM link_evidence`)).toEqual({ n: '22' });
  });

  it('draws an address link only for source values that are IP addresses', async () => {
    db = await fixtureCase([
      { name: 'a', time: '2024-01-01T00:00:00Z', credential: 'aws:key:A', srcIp: '10.0.0.1' },
      { name: 'b', time: '2024-01-01T00:00:00Z', credential: 'aws:key:A', srcIp: '2001:db8::1' },
      { name: 'c', time: '2024-01-01T00:00:00Z', credential: 'aws:key:A', srcIp: 'AWS Internal' },
      {
        name: 'd',
        time: '2024-01-01T00:00:00Z',
        credential: 'aws:key:A',
        srcIp: 'sts.amazonaws.com',
      },
    ]);
    await rebuildGraph(db);

    const rows = await db.all<{ to_id: string }>(
      `SELECT to_id FROM links WHERE kind = 'from_address' ORDER BY to_id`,
    );
    expect(rows.map((r) => r.to_id)).toEqual(['ip:10.0.0.1', 'ip:2001:db8::1']);
  });

  it('names the matched CloudTrail fields in the reason of a generic link', async () => {
    db = await chainCase();
    await rebuildGraph(db);

    const row = await db.one<{ reason: string }>(
      `SELECT reason FROM links WHERE from_id = $k AND kind = 'from_address'`,
      { k: K1 },
    );
    expect(row?.reason).toContain('userIdentity.accessKeyId');
    expect(row?.reason).toContain('sourceIPAddress');
  });

  it('makes every record made with a credential evidence of a link leaving that credential', async () => {
    db = await chainCase();
    await rebuildGraph(db);

    const orphans = await db.all(
      `SELECT e.event_id FROM events e WHERE e.credential IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM link_evidence le JOIN links l USING (link_id)
        WHERE le.event_id = e.event_id AND l.from_id = e.credential)`,
    );
    expect(orphans).toEqual([]);

    const fallback = await db.all<{ event_id: string }>(
      `SELECT event_id FROM link_evidence WHERE link_id = $l`,
      { l: lid(K1, 'accessed', S3) },
    );
    expect(fallback).toEqual([{ event_id: eid('E7') }]);
  });

  it('points the fallback link at the API called, never at the service acting as a principal', async () => {
    db = await fixtureCase([
      {
        name: 'instance',
        time: '2024-01-01T06:00:00Z',
        actor: 'aws:service:ec2.amazonaws.com',
        issued: 'aws:key:ASIAINSTANCE',
        srcIp: 'ec2.amazonaws.com',
      },
      {
        name: 'console',
        time: '2024-01-01T07:00:00Z',
        credential: 'aws:key:ASIACONSOLE',
        srcIp: 'ec2.amazonaws.com',
        raw: { eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' },
      },
    ]);
    await rebuildGraph(db);

    expect(await linkKeys(db)).toEqual([
      'aws:key:ASIACONSOLE accessed aws:resource:ec2',
      'aws:service:ec2.amazonaws.com issued aws:key:ASIAINSTANCE',
    ]);
  });

  it('labels and dates nodes', async () => {
    db = await chainCase();
    await rebuildGraph(db);

    const rows = await db.all<Record<string, string>>(
      `SELECT node_id, kind, label, strftime(first_time, '%H:%M') AS f,
        strftime(last_time, '%H:%M') AS l FROM nodes WHERE node_id IN ($1, $2, $3, $4) ORDER BY node_id`,
      [K1, S, B, IP2],
    );
    expect(rows).toEqual([
      { node_id: K1, kind: 'aws:key', label: 'ASIAK1', f: '09:50', l: '10:20' },
      { node_id: B, kind: 'aws:resource', label: 'bucket1', f: '10:05', l: '10:05' },
      { node_id: S, kind: 'aws:session', label: 'deploy/build-7', f: '10:00', l: '10:20' },
      { node_id: IP2, kind: 'ip', label: '2.2.2.2', f: '10:05', l: '10:06' },
    ]);
  });

  it('computes kinds and labels in SQL as nodeIds.ts does', async () => {
    db = await fixtureCase([]);
    const samples = [
      'aws:key:ASIA5FLZVX4OPVKKVBMX',
      'aws:user:arn:aws:iam::123456789123:user/pedro',
      'aws:user:arn:aws:iam::123456789123:user/',
      'aws:role:arn:aws:iam::123456789123:role/path/MyRole',
      'aws:session:arn:aws:sts::123456789123:assumed-role/MyRole/i-0abc',
      'aws:session:arn:aws:sts::123456789123:assumed-role/MyRole',
      'aws:resource:arn:aws:s3:::bucket/key/with:colon',
      'aws:resource:arn:aws:s3:::',
      'aws:resource:s3/bucket',
      'aws:service:ec2.amazonaws.com',
      'ip:2001:db8::1',
      'agent:planner',
      'nocolon',
      'aws:',
      'k8s:sa',
    ];
    const rows = await db.all<{ id: string; kind: string; label: string }>(
      `WITH a AS (SELECT unnest($1) AS id), b AS (SELECT id, ${kindSql('id')} AS kind FROM a),
       c AS (SELECT *, ${valueSql('id', 'kind')} AS value FROM b)
       SELECT id, kind, ${labelSql('kind', 'value')} AS label FROM c`,
      [listValue(samples)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of samples) {
      expect(byId.get(id)).toEqual({ id, kind: nodeKind(id), label: nodeLabel(id) });
    }
  });
});
