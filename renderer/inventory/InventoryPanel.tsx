import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectInventory } from '../store/selectors';
import { InventoryList } from './InventoryList';

/** Left panel, bottom: every identity and credential seen, searchable; a click draws its paths. */
export function InventoryPanel() {
  const { rows, search, loading, setSearch } = useStore(useShallow(selectInventory));
  const [typed, setTyped] = useState(search);

  useEffect(() => {
    if (typed === search) return;
    const timer = window.setTimeout(() => void setSearch(typed), 200);
    return () => window.clearTimeout(timer);
  }, [typed, search, setSearch]);

  return (
    <section className="panel inventory-panel" data-testid="inventory-panel">
      <header className="panel-head">
        <h2>Identities and credentials</h2>
        <span className="muted">{loading ? '…' : rows.length}</span>
      </header>
      <input
        className="search"
        type="search"
        data-testid="inventory-search"
        placeholder="Search ids, names, ARNs"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        aria-label="Search the inventory"
      />
      <InventoryList rows={rows} />
    </section>
  );
}
