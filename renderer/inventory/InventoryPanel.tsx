import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { kindName } from '../../shared/nodeIds';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { selectAnnotations, selectInventory } from '../store/selectors';
import { InventoryList } from './InventoryList';
import { kindsOf, sortInventory, sortKeys } from './sortInventory';

/**
 * Left panel, bottom: every identity and credential seen, searchable (in the engine), sortable
 * and filterable by kind and star (here); a click draws its paths.
 */
export function InventoryPanel() {
  const { rows, search, loading, setSearch } = useStore(useShallow(selectInventory));
  const annotations = useStore(selectAnnotations);
  const [typed, setTyped] = useState(search);
  const [kind, setKind] = useState('');
  const [starredOnly, setStarredOnly] = useState(false);
  const [order, setOrder] = useState({ key: 'actions', descending: true });

  useEffect(() => {
    if (typed === search) return;
    const timer = window.setTimeout(() => void setSearch(typed), 200);
    return () => window.clearTimeout(timer);
  }, [typed, search, setSearch]);

  const kinds = useMemo(() => kindsOf(rows), [rows]);
  const shown = useMemo(() => {
    const kept = rows.filter(
      (r) =>
        (!kind || r.kind === kind) &&
        (!starredOnly || annotations[annotationKey('node', r.id)]?.starred),
    );
    return sortInventory(kept, order);
  }, [rows, kind, starredOnly, annotations, order]);

  return (
    <section className="panel inventory-panel" data-testid="inventory-panel">
      <header className="panel-head">
        <h2>Identities and credentials</h2>
        <span className="muted" data-testid="inventory-count">
          {loading
            ? '…'
            : shown.length === rows.length
              ? rows.length
              : `${shown.length} of ${rows.length}`}
        </span>
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
      <div className="inventory-controls">
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value)}
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
          value={order.key}
          onChange={(e) => setOrder({ ...order, key: e.target.value })}
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
          onClick={() => setOrder({ ...order, descending: !order.descending })}
          aria-label={
            order.descending ? 'Descending; click for ascending' : 'Ascending; click for descending'
          }
          data-testid="inventory-direction"
        >
          {order.descending ? '↓' : '↑'}
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={starredOnly}
            onChange={(e) => setStarredOnly(e.target.checked)}
            data-testid="inventory-starred"
          />
          ★ only
        </label>
      </div>
      <InventoryList rows={shown} />
    </section>
  );
}
