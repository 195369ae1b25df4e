import { fixtureCase, type FixtureEvent, type FixtureLink } from './fixtureCase.js';

/**
 * A small hand-made story shared by the graph and query tests. Alice's long-lived key KA calls
 * AssumeRole at 10:00 and gets session S with temporary key K1; K1 reads a bucket and a secret
 * (the secret read is copied in two trails), touches Alice's user, and makes a call that names no
 * resource. Two uses of K1 are dated before its issuance: 10 minutes (outside the 5-minute skew)
 * and 2 minutes (inside it).
 */
export const ids = {
  U: 'aws:user:arn:aws:iam::111111111111:user/alice',
  KA: 'aws:key:AKIAALICE',
  K1: 'aws:key:ASIAK1',
  S: 'aws:session:arn:aws:sts::111111111111:assumed-role/deploy/build-7',
  R: 'aws:role:arn:aws:iam::111111111111:role/deploy',
  B: 'aws:resource:arn:aws:s3:::bucket1',
  SEC: 'aws:secret:sec1',
  EARLY: 'aws:resource:early',
  SKEWED: 'aws:resource:skewed',
  S3: 'aws:resource:s3',
  IP1: 'ip:1.1.1.1',
  IP2: 'ip:2.2.2.2',
  IP3: 'ip:3.3.3.3',
} as const;

const { U, KA, K1, S, R, B, SEC, EARLY, SKEWED } = ids;

export const chainEvents: FixtureEvent[] = [
  {
    name: 'E1',
    time: '2024-01-01T10:00:00Z',
    actor: U,
    credential: KA,
    issued: K1,
    target: R,
    srcIp: '1.1.1.1',
    category: 'credential_issue',
    action: 'AssumeRole',
  },
  {
    name: 'E2',
    time: '2024-01-01T10:05:00Z',
    actor: S,
    credential: K1,
    target: B,
    srcIp: '2.2.2.2',
  },
  {
    name: 'E3',
    time: '2024-01-01T10:06:00Z',
    actor: S,
    credential: K1,
    target: SEC,
    srcIp: '2.2.2.2',
    category: 'secret_read',
    callId: 'C3',
    outcome: 'failure',
  },
  {
    name: 'E3b',
    time: '2024-01-01T10:06:00Z',
    actor: S,
    credential: K1,
    target: SEC,
    srcIp: '2.2.2.2',
    category: 'secret_read',
    callId: 'C3',
    outcome: 'failure',
  },
  {
    name: 'E4',
    time: '2024-01-01T09:50:00Z',
    credential: K1,
    target: EARLY,
    srcIp: 'ec2.amazonaws.com',
  },
  { name: 'E5', time: '2024-01-01T09:58:00Z', credential: K1, target: SKEWED, srcIp: '3.3.3.3' },
  { name: 'E6', time: '2024-01-01T10:10:00Z', actor: S, credential: K1, target: U },
  {
    name: 'E7',
    time: '2024-01-01T10:20:00Z',
    actor: S,
    credential: K1,
    srcIp: 's3.amazonaws.com',
    raw: { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
  },
];

export const chainLinks: FixtureLink[] = [
  { event: 'E1', from: KA, to: S, kind: 'issued' },
  { event: 'E1', from: S, to: K1, kind: 'holds' },
  { event: 'E1', from: KA, to: R, kind: 'assumed' },
];

export function chainCase() {
  return fixtureCase(chainEvents, chainLinks);
}
