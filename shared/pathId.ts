import type { Direction } from './model.js';

const offset = 0xcbf29ce484222325n;
const prime = 0x100000001b3n;
const mask = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the UTF-16 code units of `text`: small, pure and the same on both sides. */
export function fnv1a64(text: string): string {
  let hash = offset;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // Bytes of the code unit, low first, so that text beyond Latin-1 still mixes every bit.
    hash = ((hash ^ BigInt(unit & 0xff)) * prime) & mask;
    if (unit > 0xff) hash = ((hash ^ BigInt(unit >> 8)) * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The annotation target id of a path: its start, its direction and a hash of its sorted link ids
 * (`forward:aws:key:AKIA...#1f2e...`). The same search over the same graph always gives the same
 * id; once new evidence adds links to the path, it is a different path and its id changes.
 */
export function pathTargetId(start: string, direction: Direction, linkIds: string[]): string {
  const links = [...linkIds].sort().join(',');
  return `${direction}:${start}#${fnv1a64(links)}`;
}
