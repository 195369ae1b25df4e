import { describe, expect, it } from 'vitest';
import { startupCasePath } from './startupCase.js';

describe('the case opened at start', () => {
  it('comes from --keytrail-case=<path>', () => {
    const argv = ['/usr/bin/electron', '.', '--keytrail-case=/cases/a.keytrail.duckdb'];

    expect(startupCasePath(argv, {}, '/home/me')).toBe('/cases/a.keytrail.duckdb');
  });

  it('comes from --keytrail-case followed by the path', () => {
    const argv = ['/usr/bin/electron', '.', '--keytrail-case', '/cases/b.keytrail.duckdb'];

    expect(startupCasePath(argv, {}, '/home/me')).toBe('/cases/b.keytrail.duckdb');
  });

  it('falls back to KEYTRAIL_CASE, resolved from the working directory', () => {
    const env = { KEYTRAIL_CASE: 'cases/c.keytrail.duckdb' };

    expect(startupCasePath(['electron', '.'], env, '/home/me')).toBe(
      '/home/me/cases/c.keytrail.duckdb',
    );
  });

  it('prefers the switch to the environment', () => {
    const argv = ['electron', '.', '--keytrail-case=/cases/a.keytrail.duckdb'];
    const env = { KEYTRAIL_CASE: '/cases/other.keytrail.duckdb' };

    expect(startupCasePath(argv, env, '/')).toBe('/cases/a.keytrail.duckdb');
  });

  it('is null when neither names a case', () => {
    expect(startupCasePath(['electron', '.'], {}, '/')).toBeNull();
    expect(startupCasePath(['electron', '.'], { KEYTRAIL_CASE: ' ' }, '/')).toBeNull();
  });
});
