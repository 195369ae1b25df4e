import { describe, expect, it } from 'vitest';
import type { Annotation, GraphLink, PathGraph } from '../../shared/model';
import type { Layout } from './elkLayout';
import { noHighlight } from './eventHighlight';
import { toFlow } from './toFlow';

const KEY = 'aws:key:AKIAHANDMADE';
const IP = 'ip:10.0.0.7';
const POD = 'k8s:pod:prod/api-7';

function link(id: string, to: string, proof: GraphLink['proof'], score: number): GraphLink {
  return {
    id,
    from: KEY,
    to,
    kind: 'from_address',
    proof,
    reason: proof === 'exact' ? 'sourceIPAddress' : 'same address within 60 s',
    score,
    count: 2,
    failures: 0,
    first_time: '2024-01-01T10:00:00.000000Z',
    last_time: '2024-01-01T10:01:00.000000Z',
    evidence: ['e1'],
    evidence_count: 1,
  };
}

// A hand-made case: the key's calls came from an address (exact: the records name it), and a
// pod is thought to be behind it (inferred from the address, score 0.6).
const graph: PathGraph = {
  start: KEY,
  direction: 'both',
  truncated: false,
  nodes: [
    { id: KEY, kind: 'aws:key', label: 'AKIAHANDMADE' },
    { id: IP, kind: 'ip', label: '10.0.0.7' },
    { id: POD, kind: 'k8s:pod', label: 'prod/api-7' },
  ],
  links: [link('exact1', IP, 'exact', 1), link('guess1', POD, 'inferred', 0.6)],
};
const layout: Layout = { positions: new Map(), routes: new Map(), width: 0, height: 0 };
const starred: Annotation = {
  targetKind: 'link',
  targetId: 'guess1',
  tags: ['check'],
  note: null,
  severity: null,
  starred: true,
  updatedAt: '',
};

describe('links as drawn', () => {
  const { edges } = toFlow(
    graph,
    layout,
    { linkId: null, nodeId: null },
    { annotations: { 'link|guess1': starred }, highlight: noHighlight, collapsed: [] },
  );
  const exact = edges.find((e) => e.id === 'exact1')!;
  const inferred = edges.find((e) => e.id === 'guess1')!;

  it('draws an exact link solid and an inferred one dashed, and names the proof in the DOM', () => {
    expect(exact.style?.strokeDasharray).toBeUndefined();
    expect(inferred.style?.strokeDasharray).toBe('6 4');
    expect(exact.className).toContain('link-exact');
    expect(inferred.className).toContain('link-inferred');
    expect((inferred.domAttributes as Record<string, string>)['data-proof']).toBe('inferred');
  });

  it('marks a starred link and its tags in its label', () => {
    expect(inferred.label).toBe('★ from_address ×2 #check');
    expect(exact.label).toBe('from_address ×2');
  });
});
