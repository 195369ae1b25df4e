import type { InventoryRow } from '../../shared/model';

/** A way to order the inventory: every field the row has, its reconciliation figures included. */
export interface SortKey {
  id: string;
  label: string;
  value(row: InventoryRow): string | number | null;
}

export const sortKeys: SortKey[] = [
  { id: 'actions', label: 'actions', value: (r) => r.actions },
  { id: 'failures', label: 'failures', value: (r) => r.failures },
  { id: 'label', label: 'name', value: (r) => r.label },
  { id: 'kind', label: 'kind', value: (r) => r.kind },
  { id: 'firstSeen', label: 'first seen', value: (r) => r.firstSeen },
  { id: 'lastSeen', label: 'last seen', value: (r) => r.lastSeen },
  { id: 'credentialsUsed', label: 'credentials used', value: (r) => r.credentialsUsed },
  { id: 'credentialsIssued', label: 'credentials issued', value: (r) => r.credentialsIssued },
  { id: 'targets', label: 'targets', value: (r) => r.targets },
  { id: 'addresses', label: 'addresses', value: (r) => r.addresses },
  {
    id: 'secondsToFirstUse',
    label: 'time to first use',
    value: (r) => r.reconciliation?.secondsToFirstUse ?? null,
  },
  { id: 'workSeconds', label: 'work span', value: (r) => r.reconciliation?.workSeconds ?? null },
  {
    id: 'actionsPerMinute',
    label: 'actions a minute',
    value: (r) => r.reconciliation?.actionsPerMinute ?? null,
  },
  {
    id: 'secretReads',
    label: 'secret reads',
    value: (r) => r.reconciliation?.secretReads.length ?? null,
  },
];

export interface InventoryOrder {
  key: string;
  descending: boolean;
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The rows in the asked order. Rows without a value (never seen) go last either way; ties fall
 * back to the node id, so that the order is the same on every load.
 */
export function sortInventory(rows: InventoryRow[], order: InventoryOrder): InventoryRow[] {
  const key = sortKeys.find((k) => k.id === order.key) ?? sortKeys[0]!;
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key.value(a);
    const y = key.value(b);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const by = x === null || y === null ? 0 : sign * compare(x, y);
    return by !== 0 ? by : a.id.localeCompare(b.id);
  });
}

/** The kinds present, for the kind filter, by name. */
export function kindsOf(rows: InventoryRow[]): string[] {
  return [...new Set(rows.map((r) => r.kind))].sort();
}
