import elkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphLink, GraphNode } from '../../../shared/model.js';
import { escapeHtml, shorten } from './htmlEscape.js';

// elkjs is CommonJS: under Node's ESM loader its class is the default export's own `default`.
const ELK = (elkModule as unknown as { default: new () => ElkApi }).default;

const nodeWidth = 190;
const nodeHeight = 44;
const margin = 12;

/** The colour family of a node kind, as a class the report's stylesheet colours. */
function family(kind: string): string {
  if (/:(key|token|cred)$/.test(kind)) return 'k-cred';
  if (kind.endsWith(':session')) return 'k-session';
  if (kind.endsWith(':secret')) return 'k-secret';
  if (kind === 'ip') return 'k-ip';
  if (/:(resource|path|repo|pod)$/.test(kind)) return 'k-resource';
  return 'k-identity';
}

function labelWidth(text: string): number {
  return text.length * 6 + 6;
}

/**
 * A path graph as inline SVG, laid out by ELK in Node (layered, left to right, orthogonal
 * routes), so that the report shows the picture with no script. Every text from the case is
 * escaped; exact links are solid, inferred ones dashed.
 */
export async function svgGraph(
  key: string,
  nodes: GraphNode[],
  links: GraphLink[],
): Promise<string> {
  const ids = new Set(nodes.map((n) => n.id));
  const drawn = links.filter((l) => ids.has(l.from) && ids.has(l.to) && l.from !== l.to);
  const elk = new ELK();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '20',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.edgeLabels.inline': 'true',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({ id: n.id, width: nodeWidth, height: nodeHeight })),
    edges: drawn.map((l) => ({
      id: l.id,
      sources: [l.from],
      targets: [l.to],
      labels: [{ text: l.kind, width: labelWidth(l.kind), height: 14 }],
    })),
  };
  const laid = await elk.layout(root);
  const width = Math.ceil((laid.width ?? 0) + margin * 2);
  const height = Math.ceil((laid.height ?? 0) + margin * 2);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parts: string[] = [];

  const linkById = new Map(drawn.map((l) => [l.id, l]));
  for (const edge of laid.edges ?? []) {
    const link = linkById.get(edge.id);
    const section = edge.sections?.[0];
    if (!link || !section) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]
      .map((p) => `${(p.x + margin).toFixed(1)},${(p.y + margin).toFixed(1)}`)
      .join(' ');
    const title = `${link.from} ${link.kind} ${link.to} (${link.proof}, ${link.count} calls)`;
    parts.push(
      `<g class="edge ${link.proof === 'inferred' ? 'inferred' : 'exact'}"><title>${escapeHtml(title)}</title>` +
        `<polyline points="${points}" marker-end="url(#arrow-${key})"/>`,
    );
    const label = edge.labels?.[0];
    if (label?.x !== undefined && label.y !== undefined) {
      parts.push(
        `<text class="edge-label" x="${(label.x + margin + 3).toFixed(1)}" y="${(label.y + margin + 11).toFixed(1)}">${escapeHtml(link.kind)}</text>`,
      );
    }
    parts.push('</g>');
  }

  for (const child of laid.children ?? []) {
    const node = byId.get(child.id);
    if (!node) continue;
    const x = (child.x ?? 0) + margin;
    const y = (child.y ?? 0) + margin;
    parts.push(
      `<g class="node ${family(node.kind)}"><title>${escapeHtml(node.id)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${nodeWidth}" height="${nodeHeight}" rx="6"/>` +
        `<text class="node-label" x="${(x + 8).toFixed(1)}" y="${(y + 18).toFixed(1)}">${escapeHtml(shorten(node.label, 30))}</text>` +
        `<text class="node-kind" x="${(x + 8).toFixed(1)}" y="${(y + 34).toFixed(1)}">${escapeHtml(node.kind)}</text></g>`,
    );
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img">` +
    `<defs><marker id="arrow-${key}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" ` +
    `markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    `${parts.join('')}</svg>`
  );
}
