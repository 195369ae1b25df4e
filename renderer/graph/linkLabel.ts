import type { GraphLink } from '../../shared/model';

/** A link's label: its kind, and how many calls show it when more than one. */
export function linkLabel(link: GraphLink): string {
  return link.count > 1 ? `${link.kind} ×${link.count}` : link.kind;
}
