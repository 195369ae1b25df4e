import type { QueryResult, SavedView } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export const consoleRowLimit = 1000;

export interface ConsoleSlice {
  consoleSql: string;
  consoleResult: QueryResult | null;
  consoleRunning: boolean;
  /** The id the running query was sent under, for cancelling it. */
  consoleQueryId: string | null;
  savedQueries: SavedView[];
  setConsoleSql(sql: string): void;
  runQuery(): Promise<void>;
  cancelQuery(): Promise<void>;
  saveQuery(name: string): Promise<void>;
  loadSavedQueries(): Promise<void>;
}

let runs = 0;

export const consoleSlice: Slice<ConsoleSlice> = (set, get) => ({
  consoleSql:
    'SELECT source, category, count(*) AS events\nFROM events\nGROUP BY ALL\nORDER BY events DESC',
  consoleResult: null,
  consoleRunning: false,
  consoleQueryId: null,
  savedQueries: [],

  setConsoleSql(sql) {
    set({ consoleSql: sql });
  },

  async runQuery() {
    const sql = get().consoleSql.trim();
    if (!sql || get().consoleRunning) return;

    const queryId = `console-${Date.now().toString(36)}-${++runs}`;
    set({ consoleRunning: true, consoleQueryId: queryId });
    const result = await transport().api.query({ sql, limit: consoleRowLimit, queryId });
    set({ consoleRunning: false, consoleQueryId: null });

    // A cancel the investigator asked for is news, not a failure.
    if (result.ok) set({ consoleResult: result.value });
    else if (result.error.code === 'query_cancelled') set({ status: 'Cancelled the query' });
    else get().report(result.error);
  },

  async cancelQuery() {
    const queryId = get().consoleQueryId;
    if (queryId) await unwrap(get, transport().api.cancelQuery({ queryId }));
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
