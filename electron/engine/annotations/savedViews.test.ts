import { afterEach, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase } from '../graph/chainFixture.js';
import { listViews, saveView } from './savedViews.js';

let db: CaseDb;
afterEach(() => db?.close());

const save = (request: RequestIn<'saveView'>) => saveView(db, requests.saveView.parse(request));

describe('saved views', () => {
  it('keep a view under its name, and the same name again replaces it', async () => {
    db = await chainCase();
    await save({ kind: 'timeline', name: 'denied', body: { filter: { outcomes: ['failure'] } } });
    await save({ kind: 'timeline', name: 'denied', body: { filter: { outcomes: ['unknown'] } } });
    await save({ kind: 'query', name: 'keys', body: { sql: 'SELECT * FROM nodes' } });

    const all = await listViews(db, requests.views.parse({}));
    expect(all.map((v) => [v.kind, v.name])).toEqual([
      ['query', 'keys'],
      ['timeline', 'denied'],
    ]);
    expect(all[1]?.body).toEqual({ filter: { outcomes: ['unknown'] } });
    const queries = await listViews(db, requests.views.parse({ kind: 'query' }));
    expect(queries.map((v) => v.body.sql)).toEqual(['SELECT * FROM nodes']);
  });

  it('refuse a query view without its SQL text', async () => {
    db = await chainCase();
    await expect(save({ kind: 'query', name: 'empty', body: {} })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
