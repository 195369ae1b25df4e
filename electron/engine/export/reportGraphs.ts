import { requests } from '../../../shared/contract.js';
import type { GraphLink, GraphNode } from '../../../shared/model.js';
import { nodeKind, nodeLabel } from '../../../shared/nodeIds.js';
import type { CaseDb } from '../case/CaseDb.js';
import { findPaths } from '../graph/paths.js';
import type { ReportData } from './reportData.js';

/** One picture of the report, with the words that say where it comes from. */
export interface ReportGraph {
  title: string;
  source: string;
  nodes: GraphNode[];
  links: GraphLink[];
}

/** The most links one picture draws: past that a layered layout is unreadable on paper. */
export const maxLinksDrawn = 150;

function nodesOf(links: GraphLink[], known: Map<string, GraphNode>, extra: string[] = []) {
  const ids = [...new Set([...extra, ...links.flatMap((l) => [l.from, l.to])])];
  return ids.map((id) => known.get(id) ?? { id, kind: nodeKind(id), label: nodeLabel(id) });
}

/**
 * The pictures a report draws: the access paths through each node asked for, each finding's
 * path, and when there are neither, the links the selected events prove (the oldest
 * `maxLinksDrawn` of them, said so when cut).
 */
export async function reportGraphs(
  db: CaseDb,
  data: ReportData,
  pathsFrom: string[],
): Promise<ReportGraph[]> {
  const known = new Map(data.nodes.map((n) => [n.id, n]));
  const byId = new Map(data.links.map((l) => [l.id, l]));
  const graphs: ReportGraph[] = [];

  for (const from of pathsFrom) {
    const request = requests.paths.parse({ from, maxNodes: 200, evidenceLimit: 50 });
    const graph = await findPaths(db, request);
    graphs.push({
      title: `Access paths through ${from}`,
      source: `paths ${JSON.stringify(request)}${graph.truncated ? ' (cut short by its limits)' : ''}`,
      nodes: graph.nodes,
      links: graph.links.slice(0, maxLinksDrawn),
    });
  }

  for (const finding of data.findings) {
    const links = finding.linkIds.flatMap((id) => byId.get(id) ?? []);
    graphs.push({
      title: `Finding: ${finding.title}`,
      source: `findings.link_ids of ${finding.findingId}`,
      nodes: nodesOf(links, known, finding.nodeIds),
      links: links.slice(0, maxLinksDrawn),
    });
  }

  if (graphs.length === 0 && data.links.length > 0) {
    const links = data.links.slice(0, maxLinksDrawn);
    const cut = data.links.length > links.length;
    graphs.push({
      title: 'Links proved by the selected events',
      source: `links query below${cut ? `, the oldest ${links.length} of ${data.links.length}` : ''}`,
      nodes: nodesOf(links, known),
      links,
    });
  }
  return graphs;
}
