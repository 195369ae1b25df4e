import { describe, expect, it } from 'vitest';
import { fnv1a64, pathTargetId } from './pathId.js';

describe('path target ids', () => {
  it('hash with FNV-1a 64 as its published test vectors say', () => {
    // Vectors from the FNV reference (Fowler, Noll, Vo): "" and "a".
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('name a path by start and direction, whatever order its links come in', () => {
    const a = pathTargetId('aws:key:AKIA1', 'forward', ['bb', 'aa']);
    const b = pathTargetId('aws:key:AKIA1', 'forward', ['aa', 'bb']);

    expect(a).toBe(b);
    expect(a.startsWith('forward:aws:key:AKIA1#')).toBe(true);
    expect(pathTargetId('aws:key:AKIA1', 'backward', ['aa', 'bb'])).not.toBe(a);
    expect(pathTargetId('aws:key:AKIA1', 'forward', ['aa'])).not.toBe(a);
  });
});
