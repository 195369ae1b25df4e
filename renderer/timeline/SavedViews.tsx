import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectTimelineViews } from '../store/selectors';

/** Saved timeline views of the case: pick one to apply it, or save the current one by name. */
export function SavedViews() {
  const { views, load, save, apply } = useStore(useShallow(selectTimelineViews));
  const [name, setName] = useState('');

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <span className="saved-views" data-testid="saved-views">
      <select
        value=""
        onChange={(e) => {
          const view = views.find((v) => v.viewId === e.target.value);
          if (view) apply(view);
        }}
        aria-label="Apply a saved view"
        data-testid="view-select"
      >
        <option value="">{views.length ? 'saved views…' : 'no saved views'}</option>
        {views.map((v) => (
          <option key={v.viewId} value={v.viewId}>
            {v.name}
          </option>
        ))}
      </select>
      <input
        className="filter-field"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="view name"
        aria-label="Name of the view to save"
        data-testid="view-name"
        maxLength={200}
      />
      <button
        type="button"
        disabled={!name.trim()}
        onClick={() => {
          void save(name.trim());
          setName('');
        }}
        data-testid="save-view"
      >
        Save view
      </button>
    </span>
  );
}
