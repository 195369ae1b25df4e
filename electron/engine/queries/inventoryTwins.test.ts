import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { nodeQualifier } from '../../../shared/nodeIds.js';
import type { CaseDb } from '../case/CaseDb.js';
import { fixtureCase } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { inventoryPage } from './inventory.js';

// Two IAM users `alice` in two accounts and two roles `terraform` in one account under two
// paths: four rows whose labels alone pair up. One call each, made as the identity itself.
const alice1 = 'aws:user:arn:aws:iam::111122223333:user/alice';
const alice2 = 'aws:user:arn:aws:iam::444455556666:user/alice';
const tfRoot = 'aws:role:arn:aws:iam::444455556666:role/terraform';
const tfCi = 'aws:role:arn:aws:iam::444455556666:role/ci/terraform';

let db: CaseDb;
beforeAll(async () => {
  db = await fixtureCase(
    [alice1, alice2, tfRoot, tfCi].map((actor, i) => ({
      name: `call-${i}`,
      time: `2024-03-0${i + 1}T10:00:00Z`,
      actor,
    })),
  );
  await rebuildGraph(db);
});
afterAll(() => db.close());

const search = async (text: string) => {
  const page = await inventoryPage(
    db,
    requests.inventoryPage.parse({ search: text, sort: 'label', descending: false }),
  );
  return page.rows;
};

describe('identities that share a name in the inventory', () => {
  it('are listed under one label each, told apart by their qualifiers', async () => {
    const rows = await search('alice');

    expect(rows.map((r) => [r.label, nodeQualifier(r.id)])).toEqual([
      ['alice', '111122223333'],
      ['alice', '444455556666'],
    ]);
  });

  it('are found by the account their qualifier names', async () => {
    const rows = await search('111122223333');

    expect(rows.map((r) => r.id)).toEqual([alice1]);
    expect((await search('444455556666')).map((r) => r.id).sort()).toEqual(
      [tfCi, tfRoot, alice2].sort(),
    );
  });

  it('are found by the IAM path their qualifier names', async () => {
    const rows = await search('/ci/');

    expect(rows.map((r) => [r.label, nodeQualifier(r.id)])).toEqual([
      ['terraform', '444455556666 · /ci/'],
    ]);
  });
});
