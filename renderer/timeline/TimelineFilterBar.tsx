import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Category, Outcome } from '../../shared/model';
import { useStore } from '../store';
import { selectEvidence, selectTimelineControls } from '../store/selectors';
import { ColumnChooser } from './ColumnChooser';
import { SavedViews } from './SavedViews';
import { conditionCount, isoBound, listOf } from './conditionText';

const categories: Category[] = [
  'authentication',
  'credential_issue',
  'secret_read',
  'api_call',
  'account_change',
  'network',
  'tool_call',
  'agent_run',
];
const outcomes: Outcome[] = ['success', 'failure', 'unknown'];

const one = <T extends string>(value: string): T[] | undefined =>
  value === '' ? undefined : [value as T];

/**
 * The timeline's conditions over its scope. Choices apply at once; typed fields (text, actors,
 * credentials, tags, times) apply on Enter or with the Apply button.
 */
export function TimelineFilterBar() {
  const { conditions, setConditions } = useStore(useShallow(selectTimelineControls));
  const evidence = useStore(selectEvidence);
  const sources = [...new Set(evidence.map((e) => e.format).filter((f): f is string => !!f))];
  const [draft, setDraft] = useState({
    text: conditions.text ?? '',
    actors: conditions.actors?.join(', ') ?? '',
    credentials: conditions.credentials?.join(', ') ?? '',
    tags: conditions.tags?.join(', ') ?? '',
    from: conditions.timeFrom ?? '',
    to: conditions.timeTo ?? '',
  });
  const from = isoBound(draft.from, 'from');
  const to = isoBound(draft.to, 'to');

  function apply(event?: FormEvent) {
    event?.preventDefault();
    if (from === null || to === null) return;
    setConditions({
      ...conditions,
      text: draft.text.trim() || undefined,
      actors: listOf(draft.actors),
      credentials: listOf(draft.credentials),
      tags: listOf(draft.tags),
      timeFrom: from,
      timeTo: to,
    });
  }

  const field = (name: keyof typeof draft, label: string, placeholder: string, bad = false) => (
    <input
      className={bad ? 'filter-field invalid' : 'filter-field'}
      value={draft[name]}
      onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      placeholder={placeholder}
      aria-label={label}
      aria-invalid={bad}
      title={bad ? 'Not a time: write 2020-09-14 or 2020-09-14T00:48:30Z' : label}
      data-testid={`filter-${name}`}
    />
  );

  return (
    <form className="filter-bar" onSubmit={apply} data-testid="timeline-filters">
      {field('text', 'Text in action, ids, names or address', 'Search text')}
      <select
        value={conditions.sources?.[0] ?? ''}
        onChange={(e) => setConditions({ ...conditions, sources: one(e.target.value) })}
        aria-label="Source"
        data-testid="filter-source"
      >
        <option value="">any source</option>
        {sources.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <select
        value={conditions.categories?.[0] ?? ''}
        onChange={(e) =>
          setConditions({ ...conditions, categories: one<Category>(e.target.value) })
        }
        aria-label="Category"
        data-testid="filter-category"
      >
        <option value="">any category</option>
        {categories.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <select
        value={conditions.outcomes?.[0] ?? ''}
        onChange={(e) => setConditions({ ...conditions, outcomes: one<Outcome>(e.target.value) })}
        aria-label="Outcome"
        data-testid="filter-outcome"
      >
        <option value="">any outcome</option>
        {outcomes.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      {field('actors', 'Actor node ids, comma-separated', 'Actor id')}
      {field('credentials', 'Credential node ids, comma-separated', 'Credential id')}
      {field('from', 'From (UTC, inclusive)', 'From 2020-09-14', from === null)}
      {field('to', 'To (UTC, inclusive)', 'To 2020-09-14T01:00Z', to === null)}
      <select
        value={conditions.starred === undefined ? '' : String(conditions.starred)}
        onChange={(e) =>
          setConditions({
            ...conditions,
            starred: e.target.value === '' ? undefined : e.target.value === 'true',
          })
        }
        aria-label="Starred"
        data-testid="filter-starred"
      >
        <option value="">starred or not</option>
        <option value="true">★ starred only</option>
        <option value="false">not starred</option>
      </select>
      {field('tags', 'Tags, comma-separated', 'Tags')}
      <select
        value={conditions.sort ?? 'time_asc'}
        onChange={(e) =>
          setConditions({ ...conditions, sort: e.target.value as 'time_asc' | 'time_desc' })
        }
        aria-label="Order"
        data-testid="filter-sort"
      >
        <option value="time_asc">oldest first</option>
        <option value="time_desc">newest first</option>
      </select>
      <button type="submit" data-testid="filter-apply">
        Apply
      </button>
      {conditionCount(conditions) > 0 && (
        <button
          type="button"
          onClick={() => {
            setDraft({ text: '', actors: '', credentials: '', tags: '', from: '', to: '' });
            setConditions({});
          }}
          data-testid="filter-clear"
        >
          Clear {conditionCount(conditions)}
        </button>
      )}
      <ColumnChooser />
      <SavedViews />
    </form>
  );
}
