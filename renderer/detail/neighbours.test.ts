import { describe, expect, it } from 'vitest';
import type { TimelineRow } from '../../shared/model';
import { neighbourRequest, shiftTime } from './neighbours';

const event = (over: Partial<TimelineRow>): TimelineRow => ({
  eventId: 'e',
  time: '2024-11-05T00:00:01.123456Z',
  source: 'aws.cloudtrail',
  category: 'api_call',
  action: 'ListBuckets',
  outcome: 'success',
  actor: 'aws:session:s',
  actorDisplay: null,
  credential: 'aws:key:ASIAX',
  issued: null,
  target: null,
  targetDisplay: null,
  srcIp: null,
  errorCode: null,
  ...over,
});

describe('neighbours in time', () => {
  it('shift a time across midnight and keep its microseconds', () => {
    expect(shiftTime('2024-11-05T00:00:01.123456Z', -300)).toBe('2024-11-04T23:55:01.123456Z');
    expect(shiftTime('not a time', 5)).toBeNull();
  });

  it('ask for the same credential five minutes either side', () => {
    expect(neighbourRequest(event({}))).toEqual({
      credentials: ['aws:key:ASIAX'],
      timeFrom: '2024-11-04T23:55:01.123456Z',
      timeTo: '2024-11-05T00:05:01.123456Z',
      limit: 41,
      count: false,
    });
  });

  it('fall back to the actor, and to nothing without either', () => {
    expect(neighbourRequest(event({ credential: null }))?.actors).toEqual(['aws:session:s']);
    expect(neighbourRequest(event({ credential: null, actor: null }))).toBeNull();
  });
});
