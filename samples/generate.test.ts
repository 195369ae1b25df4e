import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedFolders } from './generator/multi/bundle.js';
import {
  bundleDir,
  generate,
  generateMultiSource,
  multiSourceDir,
  sampleFiles,
} from './generate.js';

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

/** Fail with a hint when a committed file differs from a fresh one. */
function expectSameBytes(committed: string, fresh: string, path: string): void {
  if (sha256(committed) === sha256(fresh)) return;
  const sameContent =
    path.endsWith('.gz') &&
    gunzipSync(readFileSync(committed)).equals(gunzipSync(readFileSync(fresh)));
  expect.fail(
    sameContent
      ? `${path}: same records, other gzip bytes (this Node's zlib compresses differently)`
      : `${path} differs from a fresh run: run \`npm run samples\` and review the change`,
  );
}

/** The generated files of the multi-source bundle under `root` (not its hand-written notes). */
const generatedUnder = (root: string): string[] =>
  generatedFolders.flatMap((folder) => filesUnder(join(root, folder)).map((p) => `${folder}/${p}`));

describe('the sample generator', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'keytrail-samples-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes the same files as the committed bundle, byte for byte', () => {
    generate(outDir);
    const committed = filesUnder(join(bundleDir, 'AWSLogs'));
    const fresh = filesUnder(join(outDir, 'AWSLogs'));

    expect(fresh).toEqual(committed);
    for (const path of committed) {
      expectSameBytes(join(bundleDir, 'AWSLogs', path), join(outDir, 'AWSLogs', path), path);
    }
  });

  it('writes the same multi-source files as the committed bundle, byte for byte', () => {
    const multiOut = join(outDir, 'multi-source');
    generateMultiSource(multiOut);
    const committed = generatedUnder(multiSourceDir);

    expect(generatedUnder(multiOut)).toEqual(committed);
    for (const path of committed) {
      expectSameBytes(join(multiSourceDir, path), join(multiOut, path), path);
    }
  });

  it('writes the same bytes when run twice', () => {
    const again = mkdtempSync(join(tmpdir(), 'keytrail-samples-'));
    try {
      generate(again);
      generateMultiSource(join(again, 'multi-source'));
      for (const path of filesUnder(join(outDir, 'AWSLogs'))) {
        expect(sha256(join(again, 'AWSLogs', path)), path).toBe(
          sha256(join(outDir, 'AWSLogs', path)),
        );
      }
      for (const path of generatedUnder(join(outDir, 'multi-source'))) {
        expect(sha256(join(again, 'multi-source', path)), path).toBe(
          sha256(join(outDir, 'multi-source', path)),
        );
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('writes gzip headers with no timestamp', () => {
    const gzipped = filesUnder(outDir).filter((p) => p.endsWith('.gz'));

    expect(gzipped.filter((p) => p.startsWith('multi-source/'))).toHaveLength(5);
    for (const path of gzipped) {
      const header = readFileSync(join(outDir, path)).subarray(0, 10);
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

  it('lays the multi-source bundle out as each system exports its logs', () => {
    const names = generatedUnder(join(outDir, 'multi-source'));
    const trail =
      /^cloudtrail\/AWSLogs\/\d{12}\/CloudTrail\/us-east-1\/2024\/11\/1[23]\/\d{12}_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

    expect(names.filter((n) => !trail.test(n))).toEqual([
      'k8s/audit.jsonl',
      'otel/ops-copilot-traces.jsonl',
      'vault/audit.log',
      'vpcflow/eni-0a1b2c3d4e5f60718.log',
    ]);
    expect(names.filter((n) => trail.test(n))).toHaveLength(5);
    const records = names
      .filter((n) => trail.test(n))
      .flatMap((n) => {
        const text = gunzipSync(readFileSync(join(outDir, 'multi-source', n))).toString();
        return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
      });
    const copies = records.filter((r) => r.eventName === 'AssumeRole' && r.sharedEventID);
    const crossAccount = copies.filter((r) =>
      (r.requestParameters as { roleArn: string }).roleArn.includes('cross-account-admin'),
    );
    expect(crossAccount.map((r) => r.recipientAccountId).sort()).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(new Set(crossAccount.map((r) => r.sharedEventID)).size).toBe(1);
  });
});
