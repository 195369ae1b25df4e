import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fixtureCase, type FixtureEvent, type FixtureLink } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const node = fc.constantFrom(
  'aws:user:arn:aws:iam::1:user/a',
  'aws:session:arn:aws:sts::1:assumed-role/r/s',
  'aws:key:AKIA1',
  'aws:key:ASIA2',
  'aws:resource:arn:aws:s3:::b',
);
const address = fc.constantFrom('10.0.0.1', '2001:db8::1', 's3.amazonaws.com', 'AWS Internal');

const event = fc.record({
  time: maybe(
    fc.integer({ min: 0, max: 59 }).map((m) => `2024-01-01T10:${String(m).padStart(2, '0')}:00Z`),
  ),
  actor: maybe(node),
  credential: maybe(node),
  issued: maybe(node),
  target: maybe(node),
  srcIp: maybe(address),
  category: fc.constantFrom('api_call', 'secret_read', 'credential_issue'),
  raw: fc.constantFrom({ eventSource: 's3.amazonaws.com' }, {}),
});

const story = fc.array(event, { minLength: 1, maxLength: 12 }).chain((events) =>
  fc
    .array(
      fc.record({
        event: fc.integer({ min: 0, max: events.length - 1 }),
        from: node,
        to: node,
        kind: fc.constantFrom('issued', 'holds', 'assumed'),
      }),
      { maxLength: 6 },
    )
    .map((links) => ({ events, links })),
);

describe('graph invariant', () => {
  it('holds for any mix of records: each record made with a credential proves a link leaving it', async () => {
    await fc.assert(
      fc.asyncProperty(story, async ({ events, links }) => {
        const named: FixtureEvent[] = events.map((e, i) => ({ ...e, name: `r${i}` }));
        const sourceLinks: FixtureLink[] = links.map((l) => ({ ...l, event: `r${l.event}` }));
        const db = await fixtureCase(named, sourceLinks);
        try {
          await rebuildGraph(db);
          const orphans = await db.all(
            `SELECT e.event_id FROM events e WHERE e.credential IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM link_evidence le JOIN links l USING (link_id)
              WHERE le.event_id = e.event_id AND l.from_id = e.credential)`,
          );
          return orphans.length === 0;
        } finally {
          db.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
