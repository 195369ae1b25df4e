import { describe, expect, it } from 'vitest';
import type { GraphLink, PathGraph } from '../../shared/model.js';
import { graphText } from './pathsCommand.js';

const link = (over: Partial<GraphLink>): GraphLink => ({
  id: 'l',
  from: 'agent:ops',
  to: 'vault:token:t1',
  kind: 'called_tool',
  proof: 'exact',
  reason: 'matched ids',
  score: 1,
  count: 1,
  failures: 0,
  first_time: '2024-01-01T10:00:00.000000Z',
  last_time: '2024-01-01T10:00:00.000000Z',
  evidence: ['e1'],
  evidence_count: 1,
  ...over,
});

/** A path forward from an agent through a Vault token to a key, with the links given. */
const graphOf = (links: GraphLink[]): PathGraph => ({
  start: 'agent:ops',
  direction: 'forward',
  nodes: [
    { id: 'agent:ops', kind: 'agent', label: 'ops' },
    { id: 'vault:token:t1', kind: 'vault:token', label: 't1' },
    { id: 'aws:key:AKIA1', kind: 'aws:key', label: 'AKIA1' },
  ],
  links,
  truncated: false,
});

describe('paths as text', () => {
  it('says on what each inferred link rests, and only for those', () => {
    const text = graphText(
      graphOf([
        link({ id: 'a' }),
        link({
          id: 'b',
          from: 'vault:token:t1',
          to: 'aws:key:AKIA1',
          kind: 'holds',
          proof: 'inferred',
          // Log content: a control character must not reach the terminal.
          reason: 'first use from the reader\u001b[31m address within 21 s',
          score: 0.8,
        }),
      ]),
    );
    expect(text).toContain(
      'Inferred links, on what each rests:\n' +
        '  t1 holds AKIA1 (score 0.80): first use from the reader [31m address within 21 s\n',
    );
    expect(text).not.toContain('matched ids');
  });

  it('has no such section when every link is exact', () => {
    expect(graphText(graphOf([link({})]))).not.toContain('Inferred links');
  });
});
