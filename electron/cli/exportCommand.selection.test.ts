import { describe, expect, it } from 'vitest';
import { selectionOf, type ExportOptions } from './exportCommand.js';

const base: ExportOptions = { format: 'csv', out: '/tmp/x.csv' };

describe('keytrail export filter options', () => {
  it('maps each option onto its field of the timeline filter', () => {
    expect(
      selectionOf({
        ...base,
        source: ['aws.cloudtrail'],
        outcome: ['failure'],
        actor: ['aws:user:arn:aws:iam::111111111111:user/alice'],
        since: '2024-11-05T21:00:00Z',
        starred: true,
        tag: ['exfil'],
      }),
    ).toEqual({
      sources: ['aws.cloudtrail'],
      outcomes: ['failure'],
      actors: ['aws:user:arn:aws:iam::111111111111:user/alice'],
      timeFrom: '2024-11-05T21:00:00Z',
      starred: true,
      tags: ['exfil'],
    });
  });

  it('lets single options set their fields over a --filter given as JSON', () => {
    const filter = '{"sources":["vault.audit"],"text":"deploy"}';
    expect(selectionOf({ ...base, filter, source: ['aws.cloudtrail'] })).toEqual({
      sources: ['aws.cloudtrail'],
      text: 'deploy',
    });
  });

  it('refuses a filter that is not JSON or not a filter, as a usage error', () => {
    expect(() => selectionOf({ ...base, filter: '{' })).toThrow(/--filter is not JSON/);
    expect(() => selectionOf({ ...base, outcome: ['maybe'] })).toThrow(
      expect.objectContaining({ exitCode: 2 }),
    );
  });
});
