import type { QueryResult, SavedView } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export const consoleRowLimit = 1000;

export interface ConsoleSlice {
  consoleSql: string;
  consoleResult: QueryResult | null;
  consoleRunning: boolean;
  savedQueries: SavedView[];
  setConsoleSql(sql: string): void;
  runQuery(): Promise<void>;
  saveQuery(name: string): Promise<void>;
  loadSavedQueries(): Promise<void>;
}

export const consoleSlice: Slice<ConsoleSlice> = (set, get) => ({
  consoleSql:
    'SELECT source, category, count(*) AS events\nFROM events\nGROUP BY ALL\nORDER BY events DESC',
  consoleResult: null,
  consoleRunning: false,
  savedQueries: [],

  setConsoleSql(sql) {
    set({ consoleSql: sql });
  },

  async runQuery() {
    const sql = get().consoleSql.trim();
    if (!sql || get().consoleRunning) return;

    set({ consoleRunning: true });
    const result = await unwrap(get, transport().api.query({ sql, limit: consoleRowLimit }));
    set({ consoleRunning: false, ...(result ? { consoleResult: result } : {}) });
  },

  async saveQuery(name) {
    const sql = get().consoleSql.trim();
    if (!sql || !name.trim()) return;

    const saved = await unwrap(
      get,
      transport().api.saveView({ kind: 'query', name, body: { sql } }),
    );
    if (saved) {
      set({ status: `Saved the query “${saved.name}”` });
      await get().loadSavedQueries();
    }
  },

  async loadSavedQueries() {
    const views = await unwrap(get, transport().api.views({ kind: 'query' }));
    if (views) set({ savedQueries: views });
  },
});
