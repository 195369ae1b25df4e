import { describe, expect, it } from 'vitest';
import type { InventoryRow } from '../../shared/model';
import { kindsOf, sortInventory } from './sortInventory';

const row = (id: string, over: Partial<InventoryRow>): InventoryRow => ({
  id,
  kind: 'aws:key',
  label: id,
  firstSeen: null,
  lastSeen: null,
  actions: 0,
  failures: 0,
  credentialsUsed: 0,
  credentialsIssued: 0,
  targets: 0,
  addresses: 0,
  reconciliation: {
    basis: null,
    origin: null,
    issuedAt: null,
    firstUsedAt: null,
    neverUsed: false,
    secondsToFirstUse: null,
    workSeconds: null,
    actionsPerMinute: null,
    withinReviewWindow: null,
    secretReads: [],
  },
  ...over,
});

const rows = [
  row('aws:key:B', { actions: 5, firstSeen: '2024-01-02T00:00:00.000000Z' }),
  row('aws:key:A', { actions: 5, firstSeen: '2024-01-01T00:00:00.000000Z' }),
  row('aws:user:C', { kind: 'aws:user', actions: 12 }),
];

describe('inventory order', () => {
  it('sorts by a count, busiest first, ties by id', () => {
    const ids = sortInventory(rows, { key: 'actions', descending: true }).map((r) => r.id);
    expect(ids).toEqual(['aws:user:C', 'aws:key:A', 'aws:key:B']);
  });

  it('puts rows never seen last in both directions', () => {
    const up = sortInventory(rows, { key: 'firstSeen', descending: false }).map((r) => r.id);
    const down = sortInventory(rows, { key: 'firstSeen', descending: true }).map((r) => r.id);
    expect(up).toEqual(['aws:key:A', 'aws:key:B', 'aws:user:C']);
    expect(down).toEqual(['aws:key:B', 'aws:key:A', 'aws:user:C']);
  });

  it('sorts by a reconciliation figure, rows without one last', () => {
    const timed = [
      row('aws:key:SLOW', { reconciliation: { ...rows[0]!.reconciliation, workSeconds: 4000 } }),
      row('aws:key:FAST', { reconciliation: { ...rows[0]!.reconciliation, workSeconds: 30 } }),
      rows[2]!,
    ];
    const ids = sortInventory(timed, { key: 'workSeconds', descending: false }).map((r) => r.id);
    expect(ids).toEqual(['aws:key:FAST', 'aws:key:SLOW', 'aws:user:C']);
  });

  it('lists each kind once', () => {
    expect(kindsOf(rows)).toEqual(['aws:key', 'aws:user']);
  });
});
