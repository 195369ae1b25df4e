import { describe, expect, it } from 'vitest';
import type { GraphLink, PathGraph } from '../../shared/model';
import { mergeGraphs } from './mergeGraphs';

const link = (id: string, from: string, to: string): GraphLink => ({
  id,
  from,
  to,
  kind: 'accessed',
  proof: 'exact',
  reason: '',
  score: 1,
  count: 1,
  failures: 0,
  first_time: '',
  last_time: '',
  evidence: [],
  evidence_count: 0,
});
const node = (id: string) => ({ id, kind: 'aws:key', label: id });

describe('expanding a node into the path on screen', () => {
  it('adds the new nodes and links once and keeps the start', () => {
    const base: PathGraph = {
      start: 'a',
      direction: 'forward',
      nodes: [node('a'), node('b')],
      links: [link('ab', 'a', 'b')],
      truncated: false,
    };
    const more: PathGraph = {
      start: 'b',
      direction: 'both',
      nodes: [node('b'), node('c'), node('a')],
      links: [link('ab', 'a', 'b'), link('bc', 'b', 'c')],
      truncated: true,
    };

    const merged = mergeGraphs(base, more);

    expect(merged.start).toBe('a');
    expect(merged.direction).toBe('forward');
    expect(merged.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(merged.links.map((l) => l.id)).toEqual(['ab', 'bc']);
    expect(merged.truncated).toBe(true);
  });
});
