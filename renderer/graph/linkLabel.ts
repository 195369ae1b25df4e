import type { GraphLink } from '../../shared/model';

/** Kinds whose calls act on something: there a failed call proves an attempt, not the act. */
const acting = new Set(['accessed', 'read_secret', 'assumed', 'issued']);

/**
 * A link's label: its kind, how many calls show it when more than one, and, for links that act
 * on something, how many of them failed, so that a denied attempt never reads as access.
 */
export function linkLabel(link: GraphLink): string {
  const base = link.count > 1 ? `${link.kind} ×${link.count}` : link.kind;
  if (link.failures === 0 || !acting.has(link.kind)) return base;
  return link.failures === link.count ? `${base} · failed` : `${base} · ${link.failures} failed`;
}

/** True when every call behind the link failed: it proves an attempt, not access. */
export function onlyFailed(link: GraphLink): boolean {
  return acting.has(link.kind) && link.count > 0 && link.failures === link.count;
}
