import type { InventorySort, RequestIn } from '../../shared/contract';
import type { InventoryRow } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export const inventoryPageSize = 500;

/** What the inventory lists and in what order; the engine sorts and filters all of it. */
export interface InventoryConditions {
  kind: string;
  starredOnly: boolean;
  sort: InventorySort;
  descending: boolean;
}

export interface InventorySlice {
  inventorySearch: string;
  inventoryConditions: InventoryConditions;
  inventoryTotal: number;
  /** The kinds the search finds, for the kind filter. */
  inventoryKinds: string[];
  /** Loaded pages by index; rows of a page not yet loaded are drawn as placeholders. */
  inventoryPages: Record<number, InventoryRow[]>;
  inventoryLoading: boolean;
  loadInventory(): Promise<void>;
  loadInventoryPage(index: number): Promise<void>;
  setInventorySearch(search: string): Promise<void>;
  setInventoryConditions(conditions: Partial<InventoryConditions>): Promise<void>;
}

/** The request of one page of the inventory. */
export function inventoryRequest(
  search: string,
  conditions: InventoryConditions,
  index: number,
): RequestIn<'inventoryPage'> {
  return {
    ...(search ? { search } : {}),
    ...(conditions.kind ? { kinds: [conditions.kind] } : {}),
    ...(conditions.starredOnly ? { starred: true } : {}),
    sort: conditions.sort,
    descending: conditions.descending,
    offset: index * inventoryPageSize,
    limit: inventoryPageSize,
  };
}

export const inventorySlice: Slice<InventorySlice> = (set, get) => {
  // Replies to earlier searches that arrive late must not overwrite the latest one.
  let generation = 0;
  const pending = new Set<number>();

  return {
    inventorySearch: '',
    inventoryConditions: { kind: '', starredOnly: false, sort: 'actions', descending: true },
    inventoryTotal: 0,
    inventoryKinds: [],
    inventoryPages: {},
    inventoryLoading: false,

    async loadInventory() {
      generation++;
      pending.clear();
      set({ inventoryLoading: true, inventoryPages: {} });
      await get().loadInventoryPage(0);
    },

    async loadInventoryPage(index) {
      // Before the case is known the list asks for nothing: loading the case asks for page 0,
      // and an earlier ask would be made twice (on a large case, seconds each).
      if (!get().caseInfo || pending.has(index) || get().inventoryPages[index]) return;

      const mine = generation;
      pending.add(index);
      const search = get().inventorySearch.trim();
      const request = inventoryRequest(search, get().inventoryConditions, index);
      const page = await unwrap(get, transport().api.inventoryPage(request));
      if (mine !== generation) return;

      pending.delete(index);
      set({
        inventoryLoading: false,
        ...(page
          ? {
              inventoryTotal: page.total,
              ...(index === 0 ? { inventoryKinds: page.kinds } : {}),
              inventoryPages: { ...get().inventoryPages, [index]: page.rows },
            }
          : {}),
      });
    },

    async setInventorySearch(search) {
      set({ inventorySearch: search });
      await get().loadInventory();
    },

    async setInventoryConditions(conditions) {
      set({ inventoryConditions: { ...get().inventoryConditions, ...conditions } });
      await get().loadInventory();
    },
  };
};
