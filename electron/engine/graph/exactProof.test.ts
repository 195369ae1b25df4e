import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot, hasCorpus, repoRoot } from '../../../test/corpus.js';
import { useTempCase } from '../../../test/tempCase.js';
import { ingest } from '../ingest/ingest.js';
import { rebuildGraph } from './rebuildGraph.js';

/**
 * An exact link claims that identifiers written in records name each of its ends: one record names
 * both, or two records share an equal identifier and each names one end. This test checks that
 * claim for every exact link of a case built from the fixtures and the corpus, from the raw
 * records alone: it reads the identifying parts out of each node id by its own rule (not the
 * graph's) and looks for them in the text of every record given as the link's evidence, or else
 * in a record joined to it by an equal MCP `session_id` or OTLP `traceId`.
 */

const temp = useTempCase({ perFile: true });

/** Words of node ids that name a kind or a place in an ARN, not an identity. */
const generic = new Set(
  'arn aws iam sts user role root assumed-role resource account unknown https http sub iss ref refs heads'.split(
    ' ',
  ),
);

/** The parts of a node id an exact link must find in its record: the id's value, split up. */
export function identifiers(nodeId: string): string[] {
  const value = nodeId
    .replace(/^(ip|agent|host|endpoint|tool):/, '')
    .replace(/^[a-z0-9]+:[a-z_]+:/, '');
  return value
    .split(/[:/"{},=\s]+/)
    .map((part) => part.toLowerCase())
    .filter((part) => part.length >= 3 && !generic.has(part));
}

interface Evidence {
  from_id: string;
  kind: string;
  to_id: string;
  reason: string;
  raw: string;
}

/**
 * The record's text as JSON and its string values decoded, so that an identifier holding a tab,
 * a NUL or a quote (the hostile fixture's) is found as the node id spells it, not as JSON escapes it.
 */
function recordText(raw: string): string {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(raw));
  return `${raw}\n${strings.join('\n')}`.toLowerCase();
}

let evidence: Evidence[] = [];
const joined = new Map<string, string[]>();

/** Values by which two records are one exchange: an MCP session, an OTLP trace. */
function joinKeys(raw: string): string[] {
  const keys: string[] = [];
  for (const [, field, value] of raw.matchAll(/"(session_id|traceId)"\s*:\s*"([^"]+)"/g)) {
    keys.push(`${field}=${value}`);
  }
  return [...new Set(keys)];
}

beforeAll(async () => {
  const fixtures = join(repoRoot, 'test/fixtures');
  const bundles = readdirSync(fixtures)
    .filter((name) => name !== 'bad' && name !== 'NOTICE')
    .map((name) => join(fixtures, name));
  if (hasCorpus) {
    for (const name of readdirSync(corpusRoot).filter((n) => !n.endsWith('.md'))) {
      bundles.push(join(corpusRoot, name));
    }
  }
  await ingest(temp.db, bundles);
  await rebuildGraph(temp.db);
  evidence = await temp.db.all<Evidence>(
    `SELECT l.from_id, l.kind, l.to_id, l.reason, e.raw::VARCHAR AS raw
     FROM links l JOIN link_evidence le USING (link_id) JOIN events e USING (event_id)
     WHERE l.proof = 'exact'`,
  );
  const all = await temp.db.all<{ raw: string }>(`SELECT raw::VARCHAR AS raw FROM events`);
  for (const { raw } of all) {
    for (const key of joinKeys(raw)) joined.set(key, [...(joined.get(key) ?? []), raw]);
  }
}, 120_000);

describe('exact links', () => {
  it('splits node ids into the identifiers a record must hold', () => {
    expect(identifiers('aws:key:ASIA5FLZVX4OPVKKVBMX')).toEqual(['asia5flzvx4opvkkvbmx']);
    expect(
      identifiers('aws:session:arn:aws:sts::123456789012:assumed-role/deploy/build-7'),
    ).toEqual(['123456789012', 'deploy', 'build-7']);
    expect(identifiers('k8s:sa:agents/ops-copilot')).toEqual(['agents', 'ops-copilot']);
    expect(identifiers('ip:10.42.1.17')).toEqual(['10.42.1.17']);
  });

  it('exist in numbers worth checking', () => {
    expect(evidence.length).toBeGreaterThan(1000);
    expect(new Set(evidence.map((e) => e.kind)).size).toBeGreaterThan(8);
  });

  it('each have both ends named in every record of their evidence or in one joined to it', () => {
    const unproven = new Map<string, string>();
    let byJoin = 0;
    for (const row of evidence) {
      const text = recordText(row.raw);
      const missing = [...identifiers(row.from_id), ...identifiers(row.to_id)].filter(
        (part) => !text.includes(part),
      );
      const partners = joinKeys(row.raw).flatMap((key) => joined.get(key) ?? []);
      const found = partners.some((p) => missing.every((part) => recordText(p).includes(part)));
      if (missing.length > 0 && found) byJoin++;
      if (missing.length > 0 && !found) {
        unproven.set(`${row.from_id} ${row.kind} ${row.to_id}`, `${row.reason}: ${missing}`);
      }
    }
    expect([...unproven]).toEqual([]);
    // The MCP and OTLP links of the fixtures need their second record; most need none.
    expect(byJoin).toBeGreaterThan(0);
    expect(byJoin).toBeLessThan(evidence.length / 10);
  });
});
