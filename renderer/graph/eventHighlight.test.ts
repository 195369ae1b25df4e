import { describe, expect, it } from 'vitest';
import type { GraphLink, PathGraph, TimelineRow } from '../../shared/model';
import { eventHighlight } from './eventHighlight';

const KA = 'aws:key:AKIAONE';
const B = 'aws:resource:arn:aws:s3:::bucket';
const base = { proof: 'exact', reason: '', score: 1, count: 1, failures: 0 } as const;
const times = { first_time: '', last_time: '', evidence_count: 1 };
const links: GraphLink[] = [
  { ...base, ...times, id: 'l1', from: KA, to: B, kind: 'accessed', evidence: ['e1', 'e2'] },
  {
    ...base,
    ...times,
    id: 'l2',
    from: KA,
    to: 'ip:9.9.9.9',
    kind: 'from_address',
    evidence: ['e1'],
  },
  { ...base, ...times, id: 'l3', from: KA, to: B, kind: 'read_secret', evidence: ['e3'] },
];
const graph: PathGraph = {
  start: KA,
  direction: 'both',
  truncated: false,
  nodes: [
    { id: KA, kind: 'aws:key', label: 'AKIAONE' },
    { id: B, kind: 'aws:resource', label: 'bucket' },
    { id: 'ip:9.9.9.9', kind: 'ip', label: '9.9.9.9' },
  ],
  links,
};
const row = (eventId: string, over: Partial<TimelineRow> = {}): TimelineRow => ({
  eventId,
  time: '',
  source: 'aws.cloudtrail',
  category: 'api_call',
  action: 'GetObject',
  outcome: 'success',
  actor: null,
  actorDisplay: null,
  credential: KA,
  issued: null,
  target: B,
  targetDisplay: null,
  srcIp: '9.9.9.9',
  errorCode: null,
  ...over,
});

describe('the graph brushed by an event', () => {
  it('lights the links the event proves and the drawn nodes it names', () => {
    const lit = eventHighlight(graph, row('e1', { actor: 'aws:user:not-drawn' }));

    expect([...lit.linkIds].sort()).toEqual(['l1', 'l2']);
    expect([...lit.nodeIds].sort()).toEqual([B, KA, 'ip:9.9.9.9'].sort());
  });

  it('lights nothing without a graph or an event', () => {
    expect(eventHighlight(null, row('e1')).nodeIds.size).toBe(0);
    expect(eventHighlight(graph, null).linkIds.size).toBe(0);
  });
});
