import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { record, type Call } from './cloudtrail.js';
import { alnumFor, hexFor } from './prng.js';

/**
 * Where the records go: files laid out as a CloudTrail trail writes them to S3, and the bytes of
 * each file. Real trails deliver a file every few minutes; the sample gathers half a day of one
 * account and region in one file so that the bundle stays a dozen files.
 */

export interface OutputFile {
  /** Path under the bundle folder, with `/` separators. */
  path: string;
  bytes: Buffer;
}

interface Group {
  /** `account|region|day|half`, as `groupKey` makes it. */
  key: string;
  account: string;
  region: string;
  day: string;
  records: Record<string, unknown>[];
  oldest: string;
  newest: string;
}

const trailName = 'acme-org-trail';
const bucketOf = (account: string): string =>
  account === '111111111111' ? 'acme-org-cloudtrail-logs' : 'acme-data-cloudtrail-logs';

/**
 * gzip with a fixed header: zlib already writes mtime 0; the OS byte is set to 255 (unknown) so
 * that the header does not depend on the platform the generator ran on.
 */
export function gzip(text: string): Buffer {
  const bytes = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  bytes[9] = 0xff;
  return bytes;
}

/** Half-day blocks, except for a region that sees little traffic, which gets one file a day. */
function groupKey(call: Call): string {
  const day = call.time.slice(0, 10);
  const half = call.region === 'us-east-1' ? (call.time.slice(11, 13) < '12' ? 'am' : 'pm') : 'all';
  return `${call.trail}|${call.region}|${day}|${half}`;
}

function groupCalls(calls: Call[]): Group[] {
  const groups = new Map<string, Group>();
  const sorted = [...calls].sort(
    (a, b) =>
      a.time.localeCompare(b.time) ||
      a.label.localeCompare(b.label) ||
      a.trail.localeCompare(b.trail),
  );
  for (const call of sorted) {
    const key = groupKey(call);
    let group = groups.get(key);
    if (!group) {
      const day = call.time.slice(0, 10);
      group = {
        key,
        account: call.trail,
        region: call.region,
        day,
        records: [],
        oldest: call.time,
        newest: call.time,
      };
      groups.set(key, group);
    }
    group.records.push(record(call));
    group.newest = call.time;
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Delivery time: the newest record's time rounded up to five minutes, plus five. */
function deliveredAt(newest: string): Date {
  const step = 5 * 60 * 1000;
  return new Date(Math.ceil(Date.parse(newest) / step) * step + step);
}

function stamp(date: Date, seconds: boolean): string {
  const iso = date.toISOString();
  const clock = iso.slice(11, seconds ? 19 : 16).replaceAll(':', '');
  return `${iso.slice(0, 10).replaceAll('-', '')}T${clock}Z`;
}

function logPath(group: Group): string {
  const [year, month, date] = group.day.split('-');
  const name = `${group.account}_CloudTrail_${group.region}_${stamp(deliveredAt(group.newest), false)}`;
  const suffix = alnumFor(`file:${name}`, 16);
  return `AWSLogs/${group.account}/CloudTrail/${group.region}/${year}/${month}/${date}/${name}_${suffix}.json.gz`;
}

/**
 * A digest file for one delivered log file, with the fields a real one has. Its signature lives
 * in S3 object metadata, not in the file, so none is written. Keytrail must skip it.
 */
function digestFile(group: Group, logFile: string, text: string): OutputFile {
  const delivered = deliveredAt(group.newest);
  const end = new Date(Math.ceil(delivered.getTime() / 3_600_000) * 3_600_000);
  const start = new Date(end.getTime() - 3_600_000);
  const written = new Date(end.getTime() + 28 * 60_000 + 53_000);
  const [year, month, date] = written.toISOString().slice(0, 10).split('-');
  const folder = `AWSLogs/${group.account}/CloudTrail-Digest/${group.region}/${year}/${month}/${date}`;
  const name = `${group.account}_CloudTrail-Digest_${group.region}_${trailName}_${group.region}_${stamp(written, true)}.json.gz`;
  const previousWritten = new Date(written.getTime() - 3_600_000);
  const previousName = name.replace(stamp(written, true), stamp(previousWritten, true));
  const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');
  const digest = {
    awsAccountId: group.account,
    digestStartTime: iso(start),
    digestEndTime: iso(end),
    digestS3Bucket: bucketOf(group.account),
    digestS3Object: `${folder}/${name}`,
    digestPublicKeyFingerprint: hexFor(`fingerprint:${group.account}`, 32),
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: group.newest,
    oldestEventTime: group.oldest,
    previousDigestS3Bucket: bucketOf(group.account),
    previousDigestS3Object: `${folder}/${previousName}`,
    previousDigestHashValue: hexFor(`previous-digest:${name}`, 64),
    previousDigestHashAlgorithm: 'SHA-256',
    previousDigestSignature: hexFor(`previous-signature:${name}`, 512),
    logFiles: [
      {
        s3Bucket: bucketOf(group.account),
        s3Object: logFile,
        hashValue: createHash('sha256').update(text, 'utf8').digest('hex'),
        hashAlgorithm: 'SHA-256',
        newestEventTime: group.newest,
        oldestEventTime: group.oldest,
      },
    ],
  };
  return { path: `${folder}/${name}`, bytes: gzip(JSON.stringify(digest)) };
}

/**
 * Every file of the bundle; `plainFile` and `digestFor` name groups as `account|region|day|half`. One log file is left uncompressed (`.json`), as happens when
 * someone downloads and unpacks a file before handing the folder over; one log file gets a
 * digest beside it.
 */
export function bundleFiles(
  calls: Call[],
  options: { plainFile: string; digestFor: string },
): OutputFile[] {
  const files: OutputFile[] = [];
  for (const group of groupCalls(calls)) {
    const path = logPath(group);
    const text = JSON.stringify({ Records: group.records });
    if (group.key === options.plainFile) {
      files.push({ path: path.replace(/\.json\.gz$/, '.json'), bytes: Buffer.from(text, 'utf8') });
    } else {
      files.push({ path, bytes: gzip(text) });
    }
    if (group.key === options.digestFor) files.push(digestFile(group, path, text));
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
