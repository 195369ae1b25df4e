import type { InventoryRow } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface InventorySlice {
  inventory: InventoryRow[];
  inventorySearch: string;
  inventoryLoading: boolean;
  loadInventory(): Promise<void>;
  setInventorySearch(search: string): Promise<void>;
}

export const inventorySlice: Slice<InventorySlice> = (set, get) => {
  // Replies to earlier searches that arrive late must not overwrite the latest one.
  let generation = 0;

  return {
    inventory: [],
    inventorySearch: '',
    inventoryLoading: false,

    async loadInventory() {
      const mine = ++generation;
      const search = get().inventorySearch.trim();

      set({ inventoryLoading: true });
      const rows = await unwrap(
        get,
        transport().api.inventory(search ? { search, limit: 5000 } : { limit: 5000 }),
      );
      if (mine !== generation) return;

      set({ inventoryLoading: false, ...(rows ? { inventory: rows } : {}) });
    },

    async setInventorySearch(search) {
      set({ inventorySearch: search });
      await get().loadInventory();
    },
  };
};
