/**
 * The STIX 2.1 rules that can be checked offline (no npm package ships the official schemas):
 * id formats and types, spec_version, millisecond created/modified, required properties per
 * type, custom property names, timestamps, references that resolve, and the ranges and orders
 * the specification sets. Used by the export tests; written from the specification's text.
 */

export type StixLike = Record<string, unknown> & { type: string; id: string };
type Obj = StixLike;

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const millisecond = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const idPattern =
  /^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const scoTypes = new Set(['user-account', 'ipv4-addr', 'ipv6-addr']);
const required: Record<string, string[]> = {
  identity: ['name'],
  infrastructure: ['name'],
  'attack-pattern': ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  sighting: ['sighting_of_ref'],
  note: ['content', 'object_refs'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'user-account': [],
};
const timeProperties = new Set([
  'first_observed',
  'last_observed',
  'first_seen',
  'last_seen',
  'start_time',
  'stop_time',
]);
const common = new Set(['type', 'id', 'spec_version', 'created', 'modified', 'created_by_ref']);

/** The STIX 2.1 rules that can be checked offline; returns every breach found. */
export function breaches(bundle: { type: string; id: string; objects: Obj[] }): string[] {
  const found: string[] = [];
  const byId = new Map(bundle.objects.map((o) => [o.id, o]));
  if (bundle.type !== 'bundle' || !/^bundle--/.test(bundle.id)) found.push('bundle header');
  if (byId.size !== bundle.objects.length) found.push('duplicate ids');
  for (const o of bundle.objects) {
    const match = idPattern.exec(o.id);
    if (!match || match[1] !== o.type) found.push(`${o.id}: id does not fit its type`);
    const sco = scoTypes.has(o.type);
    if (!sco || 'spec_version' in o) {
      if (o.spec_version !== '2.1') found.push(`${o.id}: spec_version`);
    }
    if (!sco) {
      for (const t of ['created', 'modified']) {
        if (!millisecond.test(String(o[t]))) found.push(`${o.id}: ${t} not a millisecond time`);
      }
      if (String(o.modified) < String(o.created)) found.push(`${o.id}: modified before created`);
    }
    for (const p of required[o.type] ?? ['unknown type']) {
      if (o[p] === undefined || (Array.isArray(o[p]) && (o[p] as unknown[]).length === 0)) {
        found.push(`${o.id}: missing ${p}`);
      }
    }
    for (const [key, value] of Object.entries(o)) {
      if (!common.has(key) && !/^[a-z0-9_]{3,250}$/.test(key)) found.push(`${o.id}: name ${key}`);
      const refs = key.endsWith('_ref')
        ? [value]
        : key.endsWith('_refs')
          ? (value as unknown[])
          : [];
      for (const ref of refs) if (!byId.has(String(ref))) found.push(`${o.id}: ${key} dangles`);
      if (timeProperties.has(key) && !timestamp.test(String(value))) {
        found.push(`${o.id}: ${key} not a timestamp`);
      }
    }
    if (o.type === 'relationship' && !/^[a-z0-9-]+$/.test(String(o.relationship_type))) {
      found.push(`${o.id}: relationship_type`);
    }
    if (o.stop_time !== undefined && String(o.stop_time) <= String(o.start_time)) {
      found.push(`${o.id}: stop_time not after start_time`);
    }
    if (o.type === 'observed-data') {
      const n = Number(o.number_observed);
      if (!Number.isInteger(n) || n < 1 || n > 999_999_999) found.push(`${o.id}: number_observed`);
      if (String(o.last_observed) < String(o.first_observed)) found.push(`${o.id}: observed order`);
      for (const ref of o.object_refs as string[]) {
        if (!scoTypes.has(ref.split('--')[0]!)) found.push(`${o.id}: object_ref not an SCO`);
      }
    }
    if (o.type === 'sighting' && scoTypes.has(String(o.sighting_of_ref).split('--')[0]!)) {
      found.push(`${o.id}: sighting of an SCO`);
    }
  }
  return found;
}
