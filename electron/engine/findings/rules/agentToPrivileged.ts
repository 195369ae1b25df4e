import { listValue } from '@duckdb/node-api';
import type { PathGraph } from '../../../../shared/model.js';
import { findPaths } from '../../graph/paths.js';
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

/**
 * A privileged action reachable from an agent's tool call: starting at each tool node, the same
 * time-respecting forward walk as `keytrail paths` runs, and any record on a link it reaches
 * that mints a key, changes a policy or reads a secret is a hit. The walk follows inferred links
 * too (a tool span to the cloud records its workload made), so a hit says how sure it is through
 * the links it lists.
 */
async function find({ db }: RuleContext): Promise<RuleHit[]> {
  const tools = await db.all<{ node_id: string }>(
    `SELECT node_id FROM nodes WHERE kind = 'tool' ORDER BY node_id`,
  );
  const hits: RuleHit[] = [];
  for (const { node_id: tool } of tools) {
    const graph = await findPaths(db, {
      from: tool,
      direction: 'forward',
      exactOnly: false,
      maxDepth: AGENT_PATH_MAX_DEPTH,
      maxNodes: AGENT_PATH_MAX_NODES,
      evidenceLimit: 10_000,
    });
    const evidence = graph.links.flatMap((l) => l.evidence);
    if (evidence.length === 0) continue;

    const privileged = await db.all<Privileged>(
      `SELECT e.event_id, le.link_id, e.action, e.category, e.target, ${iso('e.time')} AS time
       FROM events e JOIN link_evidence le ON le.event_id = e.event_id
       WHERE list_contains($events, e.event_id) AND list_contains($links, le.link_id)
         AND e.outcome = 'success' AND ${isPrivileged('e')}
       ORDER BY e.time, e.event_id`,
      { events: listValue(evidence), links: listValue(graph.links.map((l) => l.id)) },
    );
    if (privileged.length === 0) continue;

    const byId = new Map(graph.links.map((l) => [l.id, l]));
    const nodeIds: string[] = [];
    const linkIds = new Set<string>();
    for (const p of privileged) {
      const link = byId.get(p.link_id);
      if (!link) continue;
      const path = pathTo(graph, link.to);
      nodeIds.push(...path);
      for (const l of graph.links) {
        if (path.includes(l.from) && path.includes(l.to)) linkIds.add(l.id);
      }
    }
    const eventIds = [...new Set(privileged.map((p) => p.event_id))];
    const actions = [...new Set(privileged.map((p) => p.action))].sort();
    const agent = await db.one<{ from_id: string; link_id: string }>(
      `SELECT from_id, link_id FROM links WHERE kind = 'called_tool' AND to_id = $tool
       ORDER BY from_id LIMIT 1`,
      { tool },
    );
    if (agent) linkIds.add(agent.link_id);
    // Reading a secret is the lesser step; minting a key or changing a policy is a takeover.
    const takeover = privileged.some((p) => p.category !== 'secret_read');
    const first = privileged[0] as Privileged;
    const last = privileged[privileged.length - 1] as Privileged;
    hits.push({
      key: tool,
      severity: takeover ? 'critical' : null,
      ...(takeover ? {} : { technique: 'T1555.006' }),
      firstTime: first.time,
      lastTime: last.time,
      nodeIds: [agent?.from_id ?? null, ...nodeIds],
      linkIds: [...linkIds].sort(),
      eventIds,
      vars: {
        tool,
        count: eventIds.length,
        actions: actions.join(', '),
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
    "{count} privileged actions ({actions}) are reachable from {tool}'s calls; the first, {first}, at {at}.",
  find,
};
