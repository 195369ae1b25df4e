import { describe, expect, it } from 'vitest';
import type { GraphLink, PathGraph } from '../../shared/model';
import { visibleGraph } from './visibleGraph';

const K = 'aws:key:AKIAFANOUT';
const U = 'aws:user:arn:aws:iam::1:user/u';
const SEC = 'aws:secret:s1';
const object = (i: number) => `aws:resource:arn:aws:s3:::b/o${i}`;

function link(id: string, from: string, to: string, kind: string, time: string): GraphLink {
  return {
    id,
    from,
    to,
    kind: kind as GraphLink['kind'],
    proof: 'exact',
    reason: '',
    score: 1,
    count: 1,
    failures: 0,
    first_time: time,
    last_time: time,
    evidence: [`ev-${id}`],
    evidence_count: 1,
  };
}

// A user holds key K; K read one secret at 10:00 and ten S3 objects between 11:00 and 11:09.
const graph: PathGraph = {
  start: K,
  direction: 'both',
  truncated: false,
  nodes: [
    { id: K, kind: 'aws:key', label: 'AKIAFANOUT' },
    { id: U, kind: 'aws:user', label: 'u' },
    { id: SEC, kind: 'aws:secret', label: 's1' },
    ...Array.from({ length: 10 }, (_, i) => ({
      id: object(i),
      kind: 'aws:resource',
      label: `o${i}`,
    })),
  ],
  links: [
    link('h', U, K, 'holds', '2024-01-01T09:00:00.000000Z'),
    link('s', K, SEC, 'read_secret', '2024-01-01T10:00:00.000000Z'),
    ...Array.from({ length: 10 }, (_, i) =>
      link(`o${i}`, K, object(i), 'accessed', `2024-01-01T11:0${i}:00.000000Z`),
    ),
  ],
};

const none = { expandedGroups: [], collapsed: [] };

describe('the graph as drawn', () => {
  it('groups ten objects read by one key into one node that counts them', () => {
    const { graph: drawn, groups } = visibleGraph(graph, none);

    expect(drawn.nodes.map((n) => n.id).sort()).toEqual(
      [K, U, SEC, `group:${K}|out|accessed|aws:resource`].sort(),
    );
    const group = drawn.nodes.find((n) => n.kind === 'group');
    expect(group?.label).toBe('+10 AWS resource');
    const grouped = drawn.links.find((l) => l.to === group?.id);
    expect(grouped).toMatchObject({ from: K, kind: 'accessed', count: 10, evidence_count: 10 });
    expect(grouped?.first_time).toBe('2024-01-01T11:00:00.000000Z');
    expect(grouped?.last_time).toBe('2024-01-01T11:09:00.000000Z');
    expect(groups.get(group!.id)?.linkIds).toHaveLength(10);
  });

  it('draws every member once the group is expanded', () => {
    const id = `group:${K}|out|accessed|aws:resource`;
    const { graph: drawn } = visibleGraph(graph, { ...none, expandedGroups: [id] });

    expect(drawn.nodes).toHaveLength(13);
    expect(drawn.links).toHaveLength(12);
  });

  it('leaves out links with no call in the time range, and the nodes they alone reached', () => {
    const { graph: drawn } = visibleGraph(graph, {
      ...none,
      timeFrom: '2024-01-01T09:30:00Z',
      timeTo: '2024-01-01T11:01:00Z',
    });

    // The secret read at 10:00 and the objects read at 11:00 and 11:01 are inside.
    expect(drawn.links.map((l) => l.id).sort()).toEqual(['o0', 'o1', 's']);
    expect(drawn.nodes.map((n) => n.id)).not.toContain(U);
  });

  it('takes a microsecond upper bound at its word', () => {
    const { graph: drawn } = visibleGraph(graph, {
      ...none,
      timeFrom: '2024-01-01T10:00:00.000001Z',
      timeTo: '2024-01-01T10:59:59.999999Z',
    });

    expect(drawn.links).toEqual([]);
    expect(drawn.nodes.map((n) => n.id)).toEqual([K]);
  });

  it('hides the leaves of a collapsed node but keeps neighbours that lead on', () => {
    const linked: PathGraph = {
      ...graph,
      nodes: [...graph.nodes, { id: 'ip:1.2.3.4', kind: 'ip', label: '1.2.3.4' }],
      links: [...graph.links, link('a', U, 'ip:1.2.3.4', 'from_address', '2024-01-01T09:00:00Z')],
    };
    const { graph: drawn } = visibleGraph(linked, { ...none, collapsed: [K] });

    expect(drawn.nodes.map((n) => n.id).sort()).toEqual([K, U, 'ip:1.2.3.4'].sort());
  });
});
