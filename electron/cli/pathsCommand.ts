import type { Direction, PathGraph } from '../../shared/model.js';
import { call, casePath, exitCodes, printJson, withCase } from './common.js';
import { formatTable, printable, shortTime } from './table.js';

const truncatedNote =
  'the search was cut short by the depth or node limit (raise --max-depth or --max-nodes)';

export interface PathsOptions {
  from: string;
  to?: string;
  exactOnly?: boolean;
  direction?: Direction;
  maxDepth?: number;
  maxNodes?: number;
  evidenceLimit?: number;
  json?: boolean;
}

/** The JSON shape DESIGN.md promises for graphs, exactly; each link also carries its id and counts. */
export function graphJson(graph: PathGraph) {
  return {
    nodes: graph.nodes.map(({ id, kind, label }) => ({ id, kind, label })),
    links: graph.links.map((l) => ({
      id: l.id,
      from: l.from,
      to: l.to,
      kind: l.kind,
      proof: l.proof,
      reason: l.reason,
      score: l.score,
      evidence: l.evidence,
      first_time: l.first_time,
      last_time: l.last_time,
      count: l.count,
      failures: l.failures,
      evidence_count: l.evidence_count,
    })),
  };
}

/** The graph as text: its links, the reason and score of each inferred one, and its nodes. */
export function graphText(graph: PathGraph): string {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const rows = graph.links.map((l) => [
    label.get(l.from) ?? l.from,
    l.kind,
    label.get(l.to) ?? l.to,
    l.count,
    l.failures,
    l.evidence_count,
    l.proof,
    shortTime(l.first_time),
    shortTime(l.last_time),
  ]);
  const headers = [
    'FROM',
    'LINK',
    'TO',
    'CALLS',
    'FAILED',
    'EVENTS',
    'PROOF',
    'FIRST (UTC)',
    'LAST (UTC)',
  ];
  const nodes = graph.nodes.map((n) => [n.label, n.kind, n.id]);
  const cut = graph.truncated ? `; ${truncatedNote}` : '';
  const which = graph.end ? `from ${graph.start} to ${graph.end}` : `through ${graph.start}`;
  const how = `${graph.end ? 'forward' : graph.direction}${graph.exactOnly ? ', exact links only' : ''}`;
  // An inferred link is a judgement: say on what it rests. An exact one matched identifiers,
  // which --json names for every link.
  const inferred = graph.links
    .filter((l) => l.proof === 'inferred')
    .map(
      (l) =>
        `  ${printable(label.get(l.from) ?? l.from)} ${l.kind} ${printable(label.get(l.to) ?? l.to)}` +
        ` (score ${l.score.toFixed(2)}): ${printable(l.reason)}`,
    );
  const reasons =
    inferred.length > 0 ? `Inferred links, on what each rests:\n${inferred.join('\n')}\n\n` : '';
  return (
    `Paths ${which} (${how}): ${graph.nodes.length} nodes, ` +
    `${graph.links.length} links${cut}.\n\n` +
    `${formatTable(headers, rows)}\n\n${reasons}${formatTable(['NODE', 'KIND', 'ID'], nodes)}\n`
  );
}

/** `keytrail paths CASE --from NODE`: the access paths through one node. */
export async function pathsCommand(caseArg: string, options: PathsOptions): Promise<number> {
  const path = casePath(caseArg, true);

  return withCase(path, false, async (engine) => {
    const graph = await call(engine, 'paths', {
      from: options.from,
      to: options.to,
      exactOnly: options.exactOnly,
      direction: options.direction,
      maxDepth: options.maxDepth,
      maxNodes: options.maxNodes,
      evidenceLimit: options.evidenceLimit,
    });
    if (options.json) {
      printJson(graphJson(graph));
      // The JSON keeps DESIGN.md's shape, so a cut-short search is said on standard error.
      if (graph.truncated) process.stderr.write(`keytrail: ${truncatedNote}\n`);
    } else {
      process.stdout.write(graphText(graph));
    }
    return exitCodes.ok;
  });
}
