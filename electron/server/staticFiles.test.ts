import { describe, expect, it } from 'vitest';
import { resolveStatic } from './staticFiles.js';
import { sanitiseName } from './upload.js';

describe('resolveStatic', () => {
  it('maps / and page routes to index.html and files to themselves', () => {
    expect(resolveStatic('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStatic('/srv/r', '/case/paths')).toBe('/srv/r/index.html');
    expect(resolveStatic('/srv/r', '/assets/app.js')).toBe('/srv/r/assets/app.js');
  });

  it('refuses paths that climb out, hide separators or carry NUL', () => {
    for (const path of [
      '/../x.js',
      '/..%2fx.js',
      '/a/%2e%2e/%2e%2e/x.js',
      '/..%5cx.js',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStatic('/srv/r', path), path).toBeNull();
    }
  });
});

describe('sanitiseName', () => {
  it('keeps only a plain file name', () => {
    expect(sanitiseName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseName('C:\\Users\\me\\trail 1.json.gz')).toBe('trail_1.json.gz');
    expect(sanitiseName('.hidden')).toBe('hidden');
    expect(sanitiseName('..')).toBe('upload');
    expect(sanitiseName('')).toBe('upload');
  });
});
