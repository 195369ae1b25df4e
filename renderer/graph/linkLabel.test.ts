import { describe, expect, it } from 'vitest';
import type { GraphLink } from '../../shared/model';
import { linkLabel, onlyFailed } from './linkLabel';

function link(count: number, failures: number): GraphLink {
  return {
    id: '0'.repeat(32),
    from: 'aws:key:AKIA1',
    to: 'aws:user:arn:aws:iam::1:user/a',
    kind: 'accessed',
    proof: 'exact',
    reason: '',
    score: 1,
    count,
    failures,
    first_time: '2024-01-01T00:00:00.000000Z',
    last_time: '2024-01-01T00:00:00.000000Z',
    evidence: [],
    evidence_count: count,
  };
}

describe('linkLabel', () => {
  it('says when every call behind a link failed, so a denied attempt never reads as access', () => {
    expect(linkLabel(link(1, 1))).toBe('accessed · failed');
    expect(onlyFailed(link(1, 1))).toBe(true);
  });

  it('counts failures among successful calls', () => {
    expect(linkLabel(link(5, 2))).toBe('accessed ×5 · 2 failed');
    expect(onlyFailed(link(5, 2))).toBe(false);
  });

  it('leaves failures off links that only say who holds what or where calls came from', () => {
    expect(linkLabel({ ...link(25, 3), kind: 'holds' })).toBe('holds ×25');
    expect(onlyFailed({ ...link(1, 1), kind: 'from_address' })).toBe(false);
  });

  it('shows only kind and count when nothing failed', () => {
    expect(linkLabel(link(3, 0))).toBe('accessed ×3');
    expect(linkLabel(link(1, 0))).toBe('accessed');
  });
});
