import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/corpus.js';
import { dispatch } from '../dispatch.js';
import { Engine } from '../Engine.js';
import { breaches, type StixLike } from './stixRules.js';

const bundle = join(repoRoot, 'samples/multi-source');
const engine = new Engine();
let dir: string;

async function call(method: string, request: unknown) {
  const result = await dispatch(engine, method, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keytrail-multi-'));
  await call('openCase', { path: join(dir, 'multi.keytrail.duckdb') });
  await call('addEvidence', { paths: [bundle] });
}, 60_000);
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports of the multi-source sample', () => {
  it('make a STIX bundle that keeps the rules, with a sighting for each finding', async () => {
    const out = join(dir, 'multi.stix.json');
    await call('exportReport', { out, format: 'stix' });
    const stix = JSON.parse(readFileSync(out, 'utf8')) as {
      type: string;
      id: string;
      objects: StixLike[];
    };
    expect(breaches(stix)).toEqual([]);

    const findings = (await call('findings', {})) as { technique: string | null }[];
    expect(findings.length).toBeGreaterThan(0);
    const sightings = stix.objects.filter((o) => o.type === 'sighting');
    expect(sightings).toHaveLength(findings.filter((f) => f.technique).length);
    // EXPECTED.md: the sample's links across sources include inferred ones; each keeps its proof.
    expect(stix.objects.some((o) => o.x_keytrail_proof === 'inferred')).toBe(true);
  });

  it('draw the findings in the HTML report and list each inferred link with its reason', async () => {
    const out = join(dir, 'multi.html');
    await call('exportReport', { out, format: 'html' });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h3>Finding: ');
    expect(html).toContain('<g class="edge inferred">');
    const inferred = html.slice(
      html.indexOf('<h2 id="inferred">'),
      html.indexOf('<h2 id="timeline">'),
    );
    expect(inferred).not.toContain('None.');
  });
});
