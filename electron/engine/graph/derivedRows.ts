/**
 * The `derived` work table of a graph rebuild: one row per (event, link) before links are summed
 * up. Every rule, per record or across records, adds its rows through `insertDerived`, so that a
 * link's id is computed one way only and a rule never has to know the table's column order.
 */

/** SQL expression: a link's id from its `from_id`, `kind` and `to_id` columns. */
export const linkIdSql = `md5(from_id || '|' || kind || '|' || to_id)`;

/**
 * INSERT INTO derived from a SELECT giving the columns event_id, time, call_id, from_id, to_id,
 * kind, proof, reason, score (by these names, in any order). Rows joining a node to itself are
 * dropped: a link says something about two nodes.
 */
export function insertDerived(select: string): string {
  return `INSERT INTO derived (link_id, event_id, time, call_id, from_id, to_id, kind, proof,
      reason, score)
    SELECT ${linkIdSql}, event_id, time, call_id, from_id, to_id, kind, proof, reason,
      score::DOUBLE
    FROM (${select}) WHERE from_id IS NOT NULL AND to_id IS NOT NULL AND from_id <> to_id`;
}
