import { nodeValue } from '../../../shared/nodeIds.js';
import type { Finding, GraphLink, GraphNode } from '../../../shared/model.js';
import type { ReportData } from './reportData.js';
import { scoId, stixId } from './stixIds.js';

export type StixObject = Record<string, unknown> & { type: string; id: string };

/** Principals: the kinds of node that act. Their kind's last word names them. */
const principalWords = new Set([
  'user',
  'role',
  'session',
  'sa',
  'entity',
  'sp',
  'mi',
  'app',
  'service',
  'account',
  'idc',
  'federated',
  'principal',
]);
const credentialWords = new Set(['key', 'token', 'cred']);
const humanKinds = new Set(['aws:user', 'gcp:user', 'okta:user', 'github:user', 'aws:idc']);

const typeOrder = [
  'identity',
  'user-account',
  'ipv4-addr',
  'ipv6-addr',
  'infrastructure',
  'attack-pattern',
  'relationship',
  'observed-data',
  'sighting',
  'note',
];

function word(kind: string): string {
  return kind.split(':').at(-1) ?? kind;
}

/** STIX counts (`number_observed`, `count`) run from 1 (or 0) to 999,999,999. */
function clampCount(n: number, min: number): number {
  return Math.max(min, Math.min(999_999_999, Math.trunc(n)));
}

interface NodeObjects {
  /** What relationships point at: the identity, account, address or infrastructure. */
  ref: string;
  /** The observable that stands for it in observed-data, where it has one. */
  observable: string | null;
  objects: StixObject[];
}

function nodeObjects(node: GraphNode, common: Record<string, unknown>): NodeObjects {
  const custom = { x_keytrail_node_id: node.id, x_keytrail_kind: node.kind };
  if (node.kind === 'ip') {
    const value = nodeValue(node.id);
    const type = value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
    const id = scoId(type, { value });
    return {
      ref: id,
      observable: id,
      objects: [{ type, spec_version: '2.1', id, value, ...custom }],
    };
  }

  const kindWord = word(node.kind);
  const isPrincipal = principalWords.has(kindWord) || node.kind === 'agent';
  if (isPrincipal || credentialWords.has(kindWord)) {
    const accountId = scoId('user-account', { user_id: node.id });
    const account: StixObject = {
      type: 'user-account',
      spec_version: '2.1',
      id: accountId,
      user_id: node.id,
      display_name: node.label,
      is_service_account: !humanKinds.has(node.kind),
      ...custom,
    };
    if (!isPrincipal) return { ref: accountId, observable: accountId, objects: [account] };
    const identity: StixObject = {
      type: 'identity',
      id: stixId('identity', node.id),
      ...common,
      name: node.label,
      identity_class: humanKinds.has(node.kind) ? 'unknown' : 'system',
      ...custom,
    };
    return { ref: identity.id, observable: accountId, objects: [identity, account] };
  }

  const infrastructure: StixObject = {
    type: 'infrastructure',
    id: stixId('infrastructure', node.id),
    ...common,
    name: node.label,
    ...custom,
  };
  return { ref: infrastructure.id, observable: null, objects: [infrastructure] };
}

function relationship(link: GraphLink, from: string, to: string, common: Record<string, unknown>) {
  const rel: StixObject = {
    type: 'relationship',
    id: stixId('relationship', link.id),
    ...common,
    relationship_type: link.kind.replace(/_/g, '-'),
    source_ref: from,
    target_ref: to,
    description: link.reason,
    confidence: Math.round(link.score * 100),
    x_keytrail_link_id: link.id,
    x_keytrail_proof: link.proof,
    x_keytrail_evidence: link.evidence,
    x_keytrail_evidence_count: link.evidence_count,
  };
  if (link.first_time) rel.start_time = link.first_time;
  // STIX wants stop_time strictly later than start_time: a link seen at one instant has none.
  if (link.last_time && link.last_time > link.first_time) rel.stop_time = link.last_time;
  return rel;
}

function observedData(link: GraphLink, refs: string[], common: Record<string, unknown>) {
  if (!link.first_time || refs.length === 0) return null;
  return {
    type: 'observed-data',
    id: stixId('observed-data', link.id),
    ...common,
    first_observed: link.first_time,
    last_observed: link.last_time || link.first_time,
    number_observed: clampCount(link.count, 1),
    object_refs: [...new Set(refs)].sort(),
    x_keytrail_link_id: link.id,
    x_keytrail_evidence: link.evidence,
  } satisfies StixObject;
}

function findingObjects(
  finding: Finding,
  observed: Map<string, string>,
  refs: Map<string, string>,
  relationships: Set<string>,
  common: Record<string, unknown>,
): StixObject[] {
  const custom = {
    x_keytrail_finding_id: finding.findingId,
    x_keytrail_rule_id: finding.ruleId,
    x_keytrail_severity: finding.severity,
    x_keytrail_events: finding.eventIds,
  };
  const observedRefs = finding.linkIds.flatMap((l) => observed.get(l) ?? []);
  const objects: StixObject[] = [];
  let sightingOf: string | undefined;
  if (finding.technique) {
    const pattern: StixObject = {
      type: 'attack-pattern',
      id: stixId('attack-pattern', finding.technique),
      ...common,
      name: finding.technique,
      external_references: [{ source_name: 'mitre-attack', external_id: finding.technique }],
    };
    objects.push(pattern);
    sightingOf = pattern.id;
  } else {
    // Without a technique, what was sighted is the identity the finding's path starts at.
    const start = finding.nodeIds[0] ? refs.get(finding.nodeIds[0]) : undefined;
    if (start?.startsWith('identity--')) sightingOf = start;
  }
  if (sightingOf) {
    const sighting: StixObject = {
      type: 'sighting',
      id: stixId('sighting', finding.findingId),
      ...common,
      sighting_of_ref: sightingOf,
      count: clampCount(finding.eventIds.length, 0),
      description: `${finding.title}: ${finding.summary}`,
      ...custom,
    };
    if (finding.firstTime) sighting.first_seen = finding.firstTime;
    if (finding.lastTime) sighting.last_seen = finding.lastTime;
    if (observedRefs.length) sighting.observed_data_refs = [...new Set(observedRefs)].sort();
    objects.push(sighting);
  }
  const known = [...new Set(finding.linkIds.map((l) => stixId('relationship', l)))].filter((id) =>
    relationships.has(id),
  );
  objects.push({
    type: 'note',
    id: stixId('note', finding.findingId),
    ...common,
    abstract: finding.title,
    content: finding.summary,
    object_refs: known.length ? known.sort() : [sightingOf ?? stixId('identity', 'keytrail')],
    ...custom,
  });
  return objects;
}

/**
 * The selection's access paths and findings as a STIX 2.1 bundle: principals as identities
 * (and the accounts that stand for them in observations), credentials as user accounts,
 * addresses as address objects, resources as infrastructure; each link a relationship and an
 * observed-data; each finding a sighting and a note. Ids are uuid v5 of stable keys and
 * `created`/`modified` the report time, so the same case gives the same bundle.
 */
export function stixBundle(data: ReportData): {
  type: 'bundle';
  id: string;
  objects: StixObject[];
} {
  const producerId = stixId('identity', 'keytrail');
  const at = data.generatedAt;
  const common = { spec_version: '2.1', created: at, modified: at, created_by_ref: producerId };
  const objects = new Map<string, StixObject>();
  const add = (o: StixObject) => objects.set(o.id, o);
  add({
    type: 'identity',
    spec_version: '2.1',
    id: producerId,
    created: at,
    modified: at,
    name: 'Keytrail',
    identity_class: 'system',
  });

  const refs = new Map<string, string>();
  const observables = new Map<string, string | null>();
  for (const node of data.nodes) {
    const made = nodeObjects(node, common);
    refs.set(node.id, made.ref);
    observables.set(node.id, made.observable);
    made.objects.forEach(add);
  }

  const observed = new Map<string, string>();
  const relationships = new Set<string>();
  for (const link of data.links) {
    const from = refs.get(link.from);
    const to = refs.get(link.to);
    if (!from || !to) continue;
    const rel = relationship(link, from, to, common);
    add(rel);
    relationships.add(rel.id);
    const seen = [observables.get(link.from), observables.get(link.to)].filter(
      (o): o is string => !!o,
    );
    const observation = observedData(link, seen, common);
    if (observation) {
      add(observation);
      observed.set(link.id, observation.id);
    }
  }
  for (const finding of data.findings) {
    findingObjects(finding, observed, refs, relationships, common).forEach(add);
  }

  const rank = (t: string) => (typeOrder.includes(t) ? typeOrder.indexOf(t) : typeOrder.length);
  const sorted = [...objects.values()].sort((a, b) =>
    a.type === b.type ? a.id.localeCompare(b.id) : rank(a.type) - rank(b.type),
  );
  const bundleKey = `${data.createdAt}|${JSON.stringify(data.selection)}|${at}`;
  return { type: 'bundle', id: stixId('bundle', bundleKey), objects: sorted };
}
