/**
 * The derived graph's tables, which every rebuild drops and creates again: removing millions of
 * rows from a table with an index costs far more than writing them, and an index built once over
 * the loaded rows costs less than one kept up row by row. The schema's version 5 creates them the
 * same way, so a case's tables never differ from what a rebuild writes. docs/case-format.md
 * describes the columns.
 */

const columns = {
  nodes: `node_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    first_time TIMESTAMPTZ,
    last_time TIMESTAMPTZ,
    node_no BIGINT NOT NULL`,
  links: `link_id TEXT NOT NULL,
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    proof TEXT NOT NULL,
    reason TEXT NOT NULL,
    score DOUBLE NOT NULL,
    first_time TIMESTAMPTZ,
    last_time TIMESTAMPTZ,
    call_count BIGINT NOT NULL,
    evidence_count BIGINT NOT NULL,
    failure_count BIGINT NOT NULL,
    link_no BIGINT NOT NULL,
    from_no BIGINT NOT NULL,
    to_no BIGINT NOT NULL`,
  link_evidence: `link_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    time TIMESTAMPTZ,
    call_id TEXT,
    link_no BIGINT NOT NULL`,
  // The adjacency again in to_no order, for the path search's backward steps; times as epoch
  // microseconds.
  links_in: `to_no BIGINT NOT NULL,
    from_no BIGINT NOT NULL,
    link_no BIGINT NOT NULL,
    kind TEXT NOT NULL,
    proof TEXT NOT NULL,
    first_us BIGINT,
    last_us BIGINT`,
};

export type GraphTable = keyof typeof columns;

/** In the order they are filled: nodes are numbered first, links by their ends' numbers. */
export const graphTables: GraphTable[] = ['nodes', 'links', 'link_evidence', 'links_in'];

/** CREATE TABLE for one of the graph's tables, under its own name or another. */
export function createGraphTable(table: GraphTable, name: string = table): string {
  return `CREATE TABLE ${name} (${columns[table]})`;
}

/**
 * Point lookups by id (an annotation's target, a search's start) and by number (the nodes, links
 * and evidence of a path, given as a list of constants) go through these.
 */
export const graphIndexes = [
  `CREATE UNIQUE INDEX nodes_node_id ON nodes (node_id)`,
  `CREATE UNIQUE INDEX links_link_id ON links (link_id)`,
  `CREATE UNIQUE INDEX nodes_node_no ON nodes (node_no)`,
  `CREATE UNIQUE INDEX links_link_no ON links (link_no)`,
  `CREATE INDEX link_evidence_link_no ON link_evidence (link_no)`,
];

/** SQL list of numbers, for `IN (...)`: an index serves a list of constants, not a join. */
export function numberList(numbers: number[]): string {
  for (const n of numbers) {
    if (!Number.isSafeInteger(n)) throw new Error(`not a node or link number: ${n}`);
  }
  return numbers.length > 0 ? numbers.join(', ') : 'NULL';
}
