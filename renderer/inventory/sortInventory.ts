import type { InventoryRow } from '../../shared/model';

/** Columns of the inventory one can sort by: every field of the row the type has. */
export type InventoryKey = keyof InventoryRow;

export const sortKeys: { key: InventoryKey; label: string }[] = [
  { key: 'actions', label: 'actions' },
  { key: 'failures', label: 'failures' },
  { key: 'label', label: 'name' },
  { key: 'kind', label: 'kind' },
  { key: 'firstSeen', label: 'first seen' },
  { key: 'lastSeen', label: 'last seen' },
  { key: 'credentialsUsed', label: 'credentials used' },
  { key: 'credentialsIssued', label: 'credentials issued' },
  { key: 'targets', label: 'targets' },
  { key: 'addresses', label: 'addresses' },
];

export interface InventoryOrder {
  key: InventoryKey;
  descending: boolean;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The rows in the asked order. Rows without a value (never seen) go last either way; ties fall
 * back to the node id, so that the order is the same on every load.
 */
export function sortInventory(rows: InventoryRow[], order: InventoryOrder): InventoryRow[] {
  const sign = order.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[order.key];
    const y = b[order.key];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const by = x === null ? 0 : sign * compare(x, y);
    return by !== 0 ? by : a.id.localeCompare(b.id);
  });
}

/** The kinds present, for the kind filter, by name. */
export function kindsOf(rows: InventoryRow[]): string[] {
  return [...new Set(rows.map((r) => r.kind))].sort();
}
