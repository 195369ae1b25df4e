import { describe, expect, it } from 'vitest';
import { readViewBody } from './viewsSlice';

describe('saved timeline views read back', () => {
  it('give the filter and the known columns', () => {
    const body = { filter: { outcomes: ['failure'], starred: true }, columns: ['time', 'action'] };
    expect(readViewBody(body)).toEqual({
      conditions: { outcomes: ['failure'], starred: true },
      columns: ['time', 'action'],
    });
  });

  it('drop columns this version does not know, and survive a body of another shape', () => {
    expect(readViewBody({ filter: [], columns: ['time', 'nope', 3] })).toEqual({
      conditions: {},
      columns: ['time'],
    });
    expect(readViewBody({})).toEqual({ conditions: {}, columns: null });
  });
});
