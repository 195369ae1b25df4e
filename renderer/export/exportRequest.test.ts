import { describe, expect, it } from 'vitest';
import { defaultOut, filterOf, type DialogChoices } from './exportRequest';

const base: DialogChoices = { format: 'csv', out: '/x', viewOnly: true, starred: false, tags: '' };

describe('the export dialog request', () => {
  it('suggests a file beside the case, named after it', () => {
    expect(defaultOut('/cases/incident-42.keytrail.duckdb', 'stix')).toBe(
      '/cases/incident-42.stix.json',
    );
    expect(defaultOut('/cases/a.keytrail.duckdb', 'parquet')).toBe('/cases/a.parquet');
  });

  it("takes the view's links only when asked, and splits the tags", () => {
    const scope = { label: 'Path around x', linkIds: ['0123456789abcdef0123456789abcdef'] };
    expect(filterOf(base, scope)).toEqual({ linkIds: scope.linkIds });
    expect(filterOf({ ...base, viewOnly: false }, scope)).toEqual({});
    expect(filterOf({ ...base, starred: true, tags: ' exfil, ,c2 ' }, null)).toEqual({
      starred: true,
      tags: ['exfil', 'c2'],
    });
  });
});
