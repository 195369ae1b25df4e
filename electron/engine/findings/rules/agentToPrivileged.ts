import { listValue } from '@duckdb/node-api';
import type { PathGraph } from '../../../../shared/model.js';
import { findPaths } from '../../graph/paths.js';
import type { CaseDb } from '../../case/CaseDb.js';
import type { FindingRule, RuleContext, RuleHit } from '../rule.js';
import { iso, isPrivileged } from '../sqlParts.js';

/** How far forward from a tool call the walk looks for a privileged action. */
export const AGENT_PATH_MAX_DEPTH = 8;
/** Bound on the nodes one walk may reach, so that one busy tool cannot stall the rebuild. */
export const AGENT_PATH_MAX_NODES = 500;

interface Privileged {
  event_id: string;
  link_id: string;
  action: string;
  category: string;
  target: string | null;
  time: string;
}

/** The nodes from the walk's start to `end`, following the links the walk found. */
function pathTo(graph: PathGraph, end: string): string[] {
  const parent = new Map<string, string>([[graph.start, graph.start]]);
  const queue = [graph.start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    if (node === end) break;
    for (const link of graph.links) {
      if (link.from === node && !parent.has(link.to)) {
        parent.set(link.to, node);
        queue.push(link.to);
      }
    }
  }
  if (!parent.has(end)) return [graph.start, end];
  const path = [end];
  for (let node = end; node !== graph.start; node = parent.get(node) as string) {
    path.unshift(parent.get(node) as string);
  }
  return path;
}

/** One privileged record and the shortest way a tool's walk reached it. */
interface Reached extends Privileged {
  tool: string;
  path: string[];
  links: string[];
}

/** The privileged records one tool's forward walk reaches, each with its path from the tool. */
async function reachedFrom(db: CaseDb, tool: string): Promise<Reached[]> {
  const graph = await findPaths(db, {
    from: tool,
    direction: 'forward',
    exactOnly: false,
    maxDepth: AGENT_PATH_MAX_DEPTH,
    maxNodes: AGENT_PATH_MAX_NODES,
    evidenceLimit: 10_000,
  });
  const evidence = graph.links.flatMap((l) => l.evidence);
  if (evidence.length === 0) return [];

  const privileged = await db.all<Privileged>(
    `SELECT e.event_id, le.link_id, e.action, e.category, e.target, ${iso('e.time')} AS time
     FROM events e JOIN link_evidence le ON le.event_id = e.event_id
     WHERE list_contains($events, e.event_id) AND list_contains($links, le.link_id)
       AND e.outcome = 'success' AND ${isPrivileged('e')}
     ORDER BY e.time, e.event_id`,
    { events: listValue(evidence), links: listValue(graph.links.map((l) => l.id)) },
  );
  const byId = new Map(graph.links.map((l) => [l.id, l]));
  return privileged.flatMap((p) => {
    const link = byId.get(p.link_id);
    if (!link) return [];
    const path = pathTo(graph, link.to);
    const links = graph.links
      .filter((l) => path.includes(l.from) && path.includes(l.to))
      .map((l) => l.id);
    return [{ ...p, tool, path, links }];
  });
}

/**
 * A privileged action reachable from an agent's tool call: starting at each tool node, the same
 * time-respecting forward walk as `keytrail paths` runs, and any record on a link it reaches
 * that mints a key, changes a policy or reads a secret is a hit. The walk follows inferred links
 * too (a tool span to the records its workload made), so a finding says how sure it is through
 * the links it lists. One finding an agent: each record is credited to the tool that reaches it
 * in the fewest hops (two tools of one run often reach the same records through the pod).
 */
async function find({ db }: RuleContext): Promise<RuleHit[]> {
  const tools = await db.all<{ tool: string; agent: string | null; link_id: string | null }>(
    `SELECT n.node_id AS tool, min(l.from_id) AS agent, min(l.link_id) AS link_id
     FROM nodes n LEFT JOIN links l ON l.to_id = n.node_id AND l.kind = 'called_tool'
     WHERE n.kind = 'tool' GROUP BY n.node_id ORDER BY n.node_id`,
  );
  const byAgent = new Map<string, { agentLink: string | null; best: Map<string, Reached> }>();
  for (const { tool, agent, link_id: agentLink } of tools) {
    const owner = agent ?? tool;
    const entry = byAgent.get(owner) ?? { agentLink, best: new Map<string, Reached>() };
    byAgent.set(owner, entry);
    for (const reached of await reachedFrom(db, tool)) {
      const known = entry.best.get(reached.event_id);
      if (!known || reached.path.length < known.path.length) {
        entry.best.set(reached.event_id, reached);
      }
    }
  }

  const hits: RuleHit[] = [];
  for (const [owner, { agentLink, best }] of byAgent) {
    const reached = [...best.values()].sort(
      (x, y) => x.time.localeCompare(y.time) || x.event_id.localeCompare(y.event_id),
    );
    if (reached.length === 0) continue;
    const first = reached[0] as Reached;
    const last = reached[reached.length - 1] as Reached;
    // Reading a secret is the lesser step; minting a key or changing a policy is a takeover.
    const takeover = reached.some((r) => r.category !== 'secret_read');
    const links = new Set(reached.flatMap((r) => r.links));
    if (agentLink) links.add(agentLink);
    hits.push({
      key: owner,
      severity: takeover ? 'critical' : null,
      ...(takeover ? {} : { technique: 'T1555.006' }),
      firstTime: first.time,
      lastTime: last.time,
      nodeIds: [owner === first.tool ? null : owner, ...reached.flatMap((r) => r.path)],
      linkIds: [...links].sort(),
      eventIds: reached.map((r) => r.event_id),
      vars: {
        agent: owner,
        count: reached.length,
        actions: [...new Set(reached.map((r) => `${r.action} (by ${r.tool})`))].sort().join(', '),
        first: `${first.action} on ${first.target ?? 'an unnamed target'}`,
        at: first.time,
      },
    });
  }
  return hits;
}

export const agentToPrivileged: FindingRule = {
  id: 'agent-tool-to-privileged-action',
  title: "Privileged action reachable from an agent's tool call",
  severity: 'high',
  technique: 'T1098.001',
  summary:
    "{count} privileged actions are reachable from {agent}'s tool calls: {actions}; the first, {first}, at {at}.",
  find,
};
