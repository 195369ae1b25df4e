import type { RequestOf } from '../../../shared/contract.js';
import type { SavedView } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';
import { isoSql } from '../graph/nodeSql.js';

interface ViewSqlRow {
  view_id: string;
  kind: SavedView['kind'];
  name: string;
  body: string;
  saved_at: string;
}

const columns = `view_id, kind, name, body, ${isoSql('saved_at')} AS saved_at`;

function toView(r: ViewSqlRow): SavedView {
  return {
    viewId: r.view_id,
    kind: r.kind,
    name: r.name,
    body: JSON.parse(r.body) as Record<string, unknown>,
    savedAt: r.saved_at,
  };
}

/** Save a timeline filter or a console query under a name; the same name again replaces it. */
export async function saveView(db: CaseDb, request: RequestOf<'saveView'>): Promise<SavedView> {
  if (request.kind === 'query' && typeof request.body.sql !== 'string') {
    throw new KeytrailError('bad_request', 'Failed to save the query: its body has no sql text');
  }

  const key = { kind: request.kind, name: request.name };
  await db.run(
    `INSERT INTO saved_views VALUES (md5($kind || '|' || $name), $kind, $name, $body, now())
     ON CONFLICT (view_id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at`,
    { ...key, body: JSON.stringify(request.body) },
  );
  const row = await db.one<ViewSqlRow>(
    `SELECT ${columns} FROM saved_views WHERE kind = $kind AND name = $name`,
    key,
  );
  if (!row) throw new KeytrailError('internal', 'Failed to save the view: it was not written');
  return toView(row);
}

/** Saved views, by kind then name. */
export async function listViews(db: CaseDb, request: RequestOf<'views'>): Promise<SavedView[]> {
  const rows = await db.all<ViewSqlRow>(
    `SELECT ${columns} FROM saved_views ${request.kind ? 'WHERE kind = $kind' : ''}
     ORDER BY kind, name`,
    request.kind ? { kind: request.kind } : undefined,
  );
  return rows.map(toView);
}
