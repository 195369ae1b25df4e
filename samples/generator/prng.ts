/**
 * The sample's only source of variety: a small PRNG (mulberry32) seeded from a label, so that
 * every id a record carries depends on that record's label alone. Adding or moving one record
 * therefore changes no other record's ids, and two runs write the same bytes.
 */

/** FNV-1a over the label's UTF-16 code units: a 32-bit seed. */
function seedOf(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export type Random = () => number;

/** A generator of floats in [0, 1), the same sequence for the same label. */
export function randomFor(label: string): Random {
  let state = seedOf(`keytrail-sample:${label}`);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function charsFrom(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

const hexDigits = '0123456789abcdef';
const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const base64 = `${alnum}+/`;

/** A version-4-shaped UUID, as CloudTrail writes eventID and most requestIDs. */
export function uuidFor(label: string): string {
  const random = randomFor(label);
  const hex = (n: number): string => charsFrom(random, hexDigits, n);
  const variant = hexDigits[8 + Math.floor(random() * 4)];
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** An access key id (`AKIA...`/`ASIA...`) for identities of the background noise. */
export function accessKeyFor(prefix: 'AKIA' | 'ASIA' | 'AROA' | 'AIDA', label: string): string {
  return prefix + charsFrom(randomFor(label), base32, 16);
}

/** S3 request ids are 16 upper-case hex digits. */
export function s3RequestIdFor(label: string): string {
  return charsFrom(randomFor(label), hexDigits, 16).toUpperCase();
}

export function base64For(label: string, length: number): string {
  return charsFrom(randomFor(label), base64, length);
}

export function alnumFor(label: string, length: number): string {
  return charsFrom(randomFor(label), alnum, length);
}

export function hexFor(label: string, length: number): string {
  return charsFrom(randomFor(label), hexDigits, length);
}
