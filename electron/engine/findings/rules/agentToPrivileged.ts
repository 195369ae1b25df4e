import { listValue } from '@duckdb/node-api';
import type { GraphLink, LinkKind, PathGraph } from '../../../../shared/model.js';
import { findPaths } from '../../graph/paths.js';
import type { CaseDb } from '../../case/CaseDb.js';
import type { FindingRule, RuleContext, RuleHit } from '../rule.js';
import { iso, privilegedKind, privilegedKinds, type PrivilegedKind } from '../sqlParts.js';

/** How far forward from a tool call the walk looks for a privileged action. */
export const AGENT_PATH_MAX_DEPTH = 8;
/** Bound on the nodes one walk may reach, so that one busy tool cannot stall the rebuild. */
export const AGENT_PATH_MAX_NODES = 500;

/**
 * What a reached record did: one of the shared list's privileged kinds, or a secret read. DESIGN
 * counts reading a secret among the privileged actions that follow an agent's tool call; the
 * shared list leaves reads out because the secret rule follows what a read gave, so this rule
 * adds them itself, after every kind of the list.
 */
type ActionKind = PrivilegedKind | 'secret';
const actionKinds: readonly ActionKind[] = [...privilegedKinds, 'secret'];

interface Privileged {
  event_id: string;
  link_id: string;
  action: string;
  kind: ActionKind;
  target: string | null;
  time: string;
  /** The credential (else the identity) the record was made with. */
  made_by: string | null;
}

/** How grave each kind of action is, and the ATT&CK technique it shows. */
const kinds: Record<ActionKind, { severity: 'critical' | 'high'; technique: string }> = {
  credential: { severity: 'critical', technique: 'T1098.001' },
  permission: { severity: 'critical', technique: 'T1098.003' },
  account: { severity: 'critical', technique: 'T1136.003' },
  destruction: { severity: 'high', technique: 'T1485' },
  secret: { severity: 'high', technique: 'T1555.006' },
};

/** A link as a verb phrase, read from its `from` node: "acted as", "issued"... */
const verbs: Record<LinkKind, string> = {
  issued: 'issued',
  holds: 'holds',
  assumed: 'assumed',
  has_session: 'has the session',
  accessed: 'accessed',
  read_secret: 'read',
  from_address: 'was used from',
  called_tool: 'called',
  delegated: 'delegated to',
  connected: 'connected to',
  same_as: 'is the same as',
  runs_on: 'runs on',
  acted_as: 'acted as',
};

/**
 * The path as a sentence a reader can follow hop by hop, naming each node and whether the hop is
 * inferred: "agent:a called tool:a/t, which acted as (inferred) aws:key:K".
 */
export function pathSentence(
  nodes: string[],
  links: Pick<GraphLink, 'from' | 'to' | 'kind' | 'proof'>[],
): string {
  const [start, ...rest] = nodes;
  let sentence = start ?? '';
  let from = start;
  for (const [index, to] of rest.entries()) {
    const link = links.find((l) => l.from === from && l.to === to);
    const verb = link ? verbs[link.kind] : 'led to';
    const inferred = link?.proof === 'inferred' ? ' (inferred)' : '';
    sentence += `${index === 0 ? ' ' : ', which '}${verb}${inferred} ${to}`;
    from = to;
  }
  return sentence;
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

/** One privileged record and the shortest way a tool's walk reached the credential that made it. */
interface Reached extends Privileged {
  tool: string;
  path: string[];
  links: GraphLink[];
  /** The node that made the call, where the path ends: the start of the link the record proves. */
  maker: string;
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

  // The walk's links and records as tables to join, so that the events are matched by a hash
  // of their id rather than each tested against every record the walk read.
  const privileged = await db.all<Privileged>(
    `SELECT * FROM (
       SELECT e.event_id, l.link_id, e.action,
         coalesce(${privilegedKind('e')},
           CASE WHEN e.category = 'secret_read' THEN 'secret' END) AS kind, e.target,
         ${iso('e.time')} AS time, e.time AS t, coalesce(e.credential, e.actor) AS made_by
       FROM (SELECT unnest($links::VARCHAR[]) AS link_id) w
       JOIN links l ON l.link_id = w.link_id
       JOIN link_evidence le ON le.link_no = l.link_no
       JOIN (SELECT DISTINCT unnest($events::VARCHAR[]) AS event_id) v ON v.event_id = le.event_id
       JOIN events e ON e.event_id = le.event_id
       WHERE e.outcome = 'success')
     WHERE kind IS NOT NULL ORDER BY t, event_id`,
    { events: listValue(evidence), links: listValue(graph.links.map((l) => l.id)) },
  );
  const byId = new Map(graph.links.map((l) => [l.id, l]));
  // A record proves several links (a tool's inferred one to the key, the key's own); the path
  // leads to the credential that made the call, through the link leaving it where the walk has it.
  const makers = new Set(
    privileged.filter((p) => byId.get(p.link_id)?.from === p.made_by).map((p) => p.event_id),
  );
  return privileged.flatMap((p) => {
    const link = byId.get(p.link_id);
    if (!link || (makers.has(p.event_id) && link.from !== p.made_by)) return [];
    const path = pathTo(graph, link.from);
    const links = path.slice(1).flatMap((to, index) => {
      const hop = graph.links.find((l) => l.from === path[index] && l.to === to);
      return hop ? [hop] : [];
    });
    return [{ ...p, tool, path, links: [...links, link], maker: link.from }];
  });
}

/** The summary's sentence on the secrets the reached records read, empty when they read none. */
function secretsRead(reached: Reached[]): string {
  const secrets = [
    ...new Set(
      reached.filter((r) => r.kind === 'secret').map((r) => r.target ?? 'an unnamed secret'),
    ),
  ].sort();
  if (secrets.length === 0) return '';
  const which = secrets.join(', ');
  return secrets.length === 1
    ? ` A secret was read: ${which}.`
    : ` ${secrets.length} secrets were read: ${which}.`;
}

/** Gravest kind first, then the earliest. */
function byGravity(x: Reached, y: Reached): number {
  return (
    actionKinds.indexOf(x.kind) - actionKinds.indexOf(y.kind) ||
    x.time.localeCompare(y.time) ||
    x.event_id.localeCompare(y.event_id)
  );
}

/**
 * A privileged action reachable from an agent's tool call: starting at each tool node, the same
 * time-respecting forward walk as `keytrail paths` runs, and any record on a link it reaches
 * that is on the list of privileged actions (sqlParts.ts: minting a credential, granting
 * permissions, creating an account, destroying a secret) or reads a secret is a hit. The walk follows inferred
 * links too (a tool span to the records its workload made), so the path says which hops are
 * inferred. One finding an agent: each record is credited to the tool that reaches the credential
 * that made it in the fewest hops (two tools of one run often reach the same records through the
 * pod). The summary and the path follow the gravest action, hop by hop from the agent; the
 * summary names the secrets read, whether or not a read is the gravest.
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
    const reached = [...best.values()].sort(byGravity);
    const gravest = reached[0];
    if (!gravest) continue;
    const times = reached.map((r) => r.time).sort();
    const links = new Set(reached.flatMap((r) => r.links.map((l) => l.id)));
    if (agentLink) links.add(agentLink);
    const fromAgent = owner === gravest.tool ? [] : [owner];
    const agentHop = agentLink
      ? [{ from: owner, to: gravest.tool, kind: 'called_tool' as const, proof: 'exact' as const }]
      : [];
    const { severity, technique } = kinds[gravest.kind];
    hits.push({
      key: owner,
      severity,
      technique,
      firstTime: times[0] ?? null,
      lastTime: times.at(-1) ?? null,
      nodeIds: [...fromAgent, ...gravest.path, gravest.target],
      linkIds: [...links].sort(),
      eventIds: [...reached]
        .sort((x, y) => x.time.localeCompare(y.time) || x.event_id.localeCompare(y.event_id))
        .map((r) => r.event_id),
      vars: {
        agent: owner,
        count:
          reached.length === 1
            ? '1 privileged action is'
            : `${reached.length} privileged actions are`,
        actions: [...new Set(reached.map((r) => `${r.action} (by ${r.tool})`))].sort().join(', '),
        secrets: secretsRead(reached),
        gravest: `${gravest.action} ${gravest.kind === 'secret' ? 'of the secret' : 'on'} ${gravest.target ?? 'an unnamed target'} at ${gravest.time}`,
        maker: gravest.maker,
        path: pathSentence([...fromAgent, ...gravest.path], [...agentHop, ...gravest.links]),
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
    "{count} reachable from {agent}'s tool calls: {actions}.{secrets} The gravest, {gravest}, was made with {maker}: {path}.",
  find,
};
