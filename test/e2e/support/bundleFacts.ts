import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * What the spec expects from a CloudTrail bundle, read from the files by this small reader of
 * its own (not by Keytrail's engine), so that the expectations do not come from the code under
 * test.
 */

interface TrailRecord {
  eventID?: string;
  eventName?: string;
  userIdentity?: { accessKeyId?: string } | null;
  responseElements?: { credentials?: { accessKeyId?: string } | null } | null;
}

export interface FileFacts {
  /** Path inside the bundle. */
  path: string;
  records: number;
}

export interface IssuedKey {
  key: string;
  /** Records whose response issued the key (AssumeRole and kin). */
  issuedBy: TrailRecord[];
  /** Records made with the key. */
  uses: number;
}

function filesUnder(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = join(root, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function recordsOf(file: string): TrailRecord[] | null {
  if (!/\.jsonl?(\.gz)?$/.test(file) || /CloudTrail-Digest/.test(file)) return null;

  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').trim();
  try {
    const whole = JSON.parse(text) as unknown;
    if (Array.isArray(whole)) return whole as TrailRecord[];
    if (whole && typeof whole === 'object' && 'Records' in whole) {
      return (whole as { Records: TrailRecord[] }).Records;
    }
    return [whole as TrailRecord];
  } catch {
    // One record a line.
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as TrailRecord);
  }
}

export function bundleFacts(root: string) {
  const files: FileFacts[] = [];
  const all: TrailRecord[] = [];

  for (const file of filesUnder(root).sort()) {
    const records = recordsOf(file);
    if (!records) continue;
    files.push({ path: relative(root, file) || file, records: records.length });
    all.push(...records);
  }

  const issued = new Map<string, IssuedKey>();
  for (const record of all) {
    const key = record.responseElements?.credentials?.accessKeyId;
    if (!key) continue;
    const entry = issued.get(key) ?? { key, issuedBy: [], uses: 0 };
    entry.issuedBy.push(record);
    issued.set(key, entry);
  }
  for (const record of all) {
    const entry = issued.get(record.userIdentity?.accessKeyId ?? '');
    if (entry) entry.uses++;
  }

  // The key with the most uses whose issuing records are each written once: its `issued` link
  // then holds exactly those records.
  const keys = [...issued.values()]
    .filter((k) => k.uses > 0)
    .filter((k) => new Set(k.issuedBy.map((r) => r.eventID)).size === k.issuedBy.length)
    .sort((a, b) => b.uses - a.uses);

  return { files, busiestIssuedKey: keys[0] ?? null };
}
