import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectTimelineControls } from '../store/selectors';
import { columns } from './columns';

/** Which columns the timeline shows; at least one stays. */
export function ColumnChooser() {
  const { columns: chosen, setColumns } = useStore(useShallow(selectTimelineControls));

  return (
    <details className="column-chooser" data-testid="column-chooser">
      <summary>Columns</summary>
      <div className="column-menu">
        {columns.map((c) => {
          const on = chosen.includes(c.id);
          return (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={on}
                disabled={on && chosen.length === 1}
                onChange={() =>
                  setColumns(on ? chosen.filter((id) => id !== c.id) : [...chosen, c.id])
                }
                data-testid={`column-${c.id}`}
              />
              {c.title}
            </label>
          );
        })}
      </div>
    </details>
  );
}
