import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { kindName } from '../../shared/nodeIds';
import { useStore } from '../store';
import { selectAnnotations, selectInventory } from '../store/selectors';
import { InventoryList } from './InventoryList';
import { sortKeys } from './inventorySorts';

/**
 * Left panel, bottom: every identity and credential seen, searched, filtered by kind and star
 * and sorted by the engine over all of them, a page at a time; a click draws its paths.
 */
export function InventoryPanel() {
  const { search, conditions, total, kinds, loading, setSearch, setConditions, reload } = useStore(
    useShallow(selectInventory),
  );
  const annotations = useStore(selectAnnotations);
  const [typed, setTyped] = useState(search);
  const { kind, starredOnly, sort, descending } = conditions;

  useEffect(() => {
    if (typed === search) return;
    const timer = window.setTimeout(() => void setSearch(typed), 200);
    return () => window.clearTimeout(timer);
  }, [typed, search, setSearch]);

  // A star given or taken while only starred rows are listed changes which rows those are.
  useEffect(() => {
    if (starredOnly) void reload();
  }, [annotations, starredOnly, reload]);

  return (
    <section className="panel inventory-panel" data-testid="inventory-panel">
      <header className="panel-head">
        <h2>Identities and credentials</h2>
        <span className="muted" data-testid="inventory-count">
          {loading ? '…' : total}
        </span>
      </header>
      <input
        className="search"
        type="search"
        data-testid="inventory-search"
        placeholder="Search ids, names, ARNs, accounts"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        aria-label="Search the inventory"
      />
      <div className="inventory-controls">
        <select
          value={kind}
          onChange={(e) => void setConditions({ kind: e.target.value })}
          aria-label="Kind"
          data-testid="inventory-kind"
        >
          <option value="">every kind</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindName(k)}
            </option>
          ))}
        </select>
        <select
          value={sort}
          onChange={(e) => void setConditions({ sort: e.target.value as typeof sort })}
          aria-label="Sort by"
          data-testid="inventory-sort"
        >
          {sortKeys.map((s) => (
            <option key={s.id} value={s.id}>
              by {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => void setConditions({ descending: !descending })}
          aria-label={
            descending ? 'Descending; click for ascending' : 'Ascending; click for descending'
          }
          data-testid="inventory-direction"
        >
          {descending ? '↓' : '↑'}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={starredOnly}
            onChange={(e) => void setConditions({ starredOnly: e.target.checked })}
            data-testid="inventory-starred"
          />
          ★ only
        </label>
      </div>
      {/* A new search or order starts at the top of its list. */}
      <InventoryList key={JSON.stringify([search, conditions])} />
    </section>
  );
}
