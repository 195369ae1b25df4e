import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleDir, generate, sampleFiles } from './generate.js';

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the sample generator', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'keytrail-samples-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes the same files as the committed bundle, byte for byte', () => {
    generate(outDir);
    const committed = filesUnder(join(bundleDir, 'AWSLogs'));
    const fresh = filesUnder(join(outDir, 'AWSLogs'));

    expect(fresh).toEqual(committed);
    for (const path of committed) {
      const before = join(bundleDir, 'AWSLogs', path);
      const after = join(outDir, 'AWSLogs', path);
      if (sha256(before) === sha256(after)) continue;
      const sameContent =
        path.endsWith('.gz') &&
        gunzipSync(readFileSync(before)).equals(gunzipSync(readFileSync(after)));
      expect.fail(
        sameContent
          ? `${path}: same records, other gzip bytes (this Node's zlib compresses differently)`
          : `${path} differs from a fresh run: run \`npm run samples\` and review the change`,
      );
    }
  });

  it('writes the same bytes when run twice', () => {
    const again = mkdtempSync(join(tmpdir(), 'keytrail-samples-'));
    try {
      generate(again);
      for (const path of filesUnder(join(outDir, 'AWSLogs'))) {
        expect(sha256(join(again, 'AWSLogs', path)), path).toBe(
          sha256(join(outDir, 'AWSLogs', path)),
        );
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('writes gzip headers with no timestamp', () => {
    for (const path of filesUnder(join(outDir, 'AWSLogs')).filter((p) => p.endsWith('.gz'))) {
      const header = readFileSync(join(outDir, 'AWSLogs', path)).subarray(0, 10);
      expect(header.readUInt32LE(4), path).toBe(0);
    }
  });

  it('lays the files out as a CloudTrail trail writes them to S3', () => {
    const names = filesUnder(join(outDir, 'AWSLogs'));
    const log =
      /^\d{12}\/CloudTrail\/[a-z]{2}-[a-z]+-\d\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail_[a-z]{2}-[a-z]+-\d_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json(\.gz)?$/;
    const digest =
      /^\d{12}\/CloudTrail-Digest\/[a-z]{2}-[a-z]+-\d\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail-Digest_[a-z]{2}-[a-z]+-\d_[a-z-]+_[a-z]{2}-[a-z]+-\d_\d{8}T\d{6}Z\.json\.gz$/;

    expect(names.filter((n) => log.test(n))).toHaveLength(10);
    expect(names.filter((n) => digest.test(n))).toHaveLength(1);
    expect(names).toHaveLength(11);
  });

  it('writes records with the fields CloudTrail always writes, each with its own eventID', () => {
    const records = sampleFiles()
      .filter((file) => file.path.includes('/CloudTrail/'))
      .flatMap((file) => {
        const text = (file.path.endsWith('.gz') ? gunzipSync(file.bytes) : file.bytes).toString();
        return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
      });
    const always = ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName'];
    const also = ['awsRegion', 'sourceIPAddress', 'userAgent', 'requestParameters', 'eventID'];
    const tail = [
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ];

    expect(records).toHaveLength(323);
    for (const record of records) {
      for (const field of [...always, ...also, ...tail])
        expect(record, field).toHaveProperty(field);
    }
    expect(new Set(records.map((r) => r.eventID)).size).toBe(records.length);
    const copies = records.filter(
      (r) => r.sharedEventID === '76bb2925-0af3-4b0a-9c11-c27287cd8107',
    );
    expect(copies.map((r) => r.recipientAccountId).sort()).toEqual([
      '111111111111',
      '222222222222',
    ]);
  });
});
