import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../electron/engine/ingest/ingest.js';
import { useTempCase } from '../test/tempCase.js';
import { multiSourceDir } from './generate.js';

/**
 * What the inferred hops of samples/multi-source/EXPECTED.md rest on, checked in the records
 * themselves: the same address, the times inside the tool spans' windows, the gap between the
 * Vault read and the key's first use. Cross-source links are to be drawn from exactly these, so
 * the sample must keep them true whatever else changes in it.
 */

const pod = '10.42.1.17';

/** Span ids and record ids of EXPECTED.md. */
const span = {
  run: '6a61b312c41185af',
  vaultTool: '23ce0492bc297685',
  awsTool: '4d5dbd309536d7aa',
  podsTool: '0b41853aa549f496',
};
const vault = {
  login: '410e6e29-4363-47be-985d-7453cbd69574',
  read: '1e63846b-b26a-487d-b402-cead7079393a',
};
const trail = {
  callerIdentity: '6c1d85cc-3fa0-46e7-8c99-902da60882b7',
  assumeCaller: '569a01b2-382b-464b-8707-8e9fc082b050',
  assumeOwner: '543bddcc-ec54-4e81-ac18-497a45648f47',
  createKey: '4da2e9ca-8699-43f5-9c93-3f38084baa1f',
};
const k8s = {
  config: 'f16cc7c4-08d8-448e-b7aa-4d8ae4ac0f93',
  listPods: '98ccd206-89ac-4c5a-aec3-517b99a14f70',
};

interface Found {
  /** Epoch microseconds. */
  t: number;
  ip: string | null;
  raw: string;
}

describe('the times and addresses of the multi-source sample', () => {
  const tc = useTempCase({ perFile: true });
  const byId = new Map<string, Found>();

  beforeAll(async () => {
    await ingest(tc.db, [multiSourceDir]);
    const rows = await tc.db.all<{ id: string; t: string; ip: string | null; raw: string }>(
      `SELECT coalesce(raw->>'$.eventID', raw->>'$.request.id', raw->>'$.auditID',
          raw->>'$.span.spanId') AS id, epoch_us(time) AS t, src_ip AS ip, raw::VARCHAR AS raw
       FROM events WHERE source <> 'aws.vpcflow'`,
    );
    for (const row of rows) byId.set(row.id, { t: Number(row.t), ip: row.ip, raw: row.raw });
  });

  function record(id: string): Found {
    const found = byId.get(id);
    if (!found) throw new Error(`no record ${id} in the sample`);
    return found;
  }

  /** A span's window in epoch microseconds, from its start and end nanoseconds. */
  function window(spanId: string): [number, number] {
    const { span: s } = JSON.parse(record(spanId).raw) as {
      span: { startTimeUnixNano: string; endTimeUnixNano: string };
    };
    return [Number(BigInt(s.startTimeUnixNano) / 1000n), Number(BigInt(s.endTimeUnixNano) / 1000n)];
  }

  it("puts the Vault login and read inside the vault_read_secret span, from the pod's address", () => {
    const [start, end] = window(span.vaultTool);

    for (const id of [vault.login, vault.read]) {
      expect(record(id).t, id).toBeGreaterThanOrEqual(start);
      expect(record(id).t, id).toBeLessThanOrEqual(end);
      expect(record(id).ip, id).toBe(pod);
    }
    expect(record(k8s.config).ip).toBe(pod);
  });

  it('puts the AWS calls inside the aws_cli span, allowing for whole-second CloudTrail times', () => {
    const [start, end] = window(span.awsTool);
    const second = 1_000_000;

    for (const id of Object.values(trail)) {
      expect(record(id).t, id).toBeGreaterThanOrEqual(Math.floor(start / second) * second);
      expect(record(id).t, id).toBeLessThanOrEqual(end);
      expect(record(id).ip, id).toBe(pod);
    }
  });

  it('uses the key 21 s after the Vault read', () => {
    const gap = (record(trail.callerIdentity).t - record(vault.read).t) / 1_000_000;

    expect(Math.round(gap)).toBe(21);
  });

  it('puts the pod listing inside the k8s_list_pods span, and every tool inside the run', () => {
    const [start, end] = window(span.podsTool);
    const [runStart, runEnd] = window(span.run);

    expect(record(k8s.listPods).t).toBeGreaterThanOrEqual(start);
    expect(record(k8s.listPods).t).toBeLessThanOrEqual(end);
    for (const tool of [span.vaultTool, span.awsTool, span.podsTool]) {
      const [s, e] = window(tool);
      expect(s, tool).toBeGreaterThanOrEqual(runStart);
      expect(e, tool).toBeLessThanOrEqual(runEnd);
    }
  });

  it("matches the Vault flows' source ports to the Vault calls' remote ports", async () => {
    const flows = await tc.db.all<{ port: string }>(
      `SELECT raw->>'$.fields.srcport' AS port FROM events
       WHERE source = 'aws.vpcflow' AND (raw->>'$.fields.srcaddr') = $pod
         AND (raw->>'$.fields.dstport') = '8200' ORDER BY port`,
      { pod },
    );
    const ports = [vault.login, vault.read].map(
      (id) =>
        (JSON.parse(record(id).raw) as { request: { remote_port: number } }).request.remote_port,
    );

    expect(flows.map((f) => Number(f.port))).toEqual(ports.sort());
  });
});
