import { v5 as uuidv5 } from 'uuid';

/** Keytrail's own namespace for the ids of SDOs and SROs: fixed, so ids are the same each run. */
const keytrailNamespace = '014ab097-009f-4e79-a69a-8d9c36c67804';

/** The namespace STIX 2.1 (section 2.9) gives for the deterministic ids of cyber observables. */
const scoNamespace = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** An SDO or SRO id: uuid v5 of its type and a key that names the same thing in every export. */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidv5(`${type}|${key}`, keytrailNamespace)}`;
}

/**
 * An SCO id the way STIX 2.1 derives it: uuid v5 of the canonical JSON of its id-contributing
 * properties. Keys are sorted and values plain strings, which is all the canonical form needs here.
 */
export function scoId(type: string, contributing: Record<string, string>): string {
  const sorted = Object.keys(contributing)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(contributing[k])}`);
  return `${type}--${uuidv5(`{${sorted.join(',')}}`, scoNamespace)}`;
}
