import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appEntryUrl,
  contentSecurityPolicy,
  createAppProtocolHandler,
  mimeTypeOf,
  resolveAppPath,
} from './appProtocol.js';

const root = '/opt/keytrail/dist/renderer';

describe('resolving an app URL to a file', () => {
  it('maps the entry URL to index.html under the root', () => {
    expect(resolveAppPath(root, appEntryUrl)).toBe(path.join(root, 'index.html'));
  });

  it('maps the bare origin to index.html', () => {
    expect(resolveAppPath(root, 'keytrail-app://app/')).toBe(path.join(root, 'index.html'));
  });

  it('maps a nested asset under the root', () => {
    expect(resolveAppPath(root, 'keytrail-app://app/assets/index-abc.js')).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
  });

  it('ignores the query string and fragment', () => {
    expect(resolveAppPath(root, 'keytrail-app://app/index.html?x=1#top')).toBe(
      path.join(root, 'index.html'),
    );
  });

  it.each([
    'keytrail-app://app/../../etc/passwd',
    'keytrail-app://app/assets/../../../etc/passwd',
    'keytrail-app://app/%2e%2e/%2e%2e/etc/passwd',
    'keytrail-app://app/.%2E/.%2e/etc/passwd',
  ])('keeps the dot-dot path %s inside the root', (url) => {
    // The URL parser folds these segments against the origin, so they cannot climb above it.
    expect(resolveAppPath(root, url)).toBe(path.join(root, 'etc', 'passwd'));
  });

  it.each([
    'keytrail-app://app/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'keytrail-app://app/assets%2f..%2f..%2fsecret',
    'keytrail-app://app/..%5c..%5csecret',
    'keytrail-app://app/assets\\..\\..\\secret',
    'keytrail-app://app/index.html%00.js',
  ])('refuses the encoded traversal %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('never resolves any generated path outside the root', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '%2f', '%5c', '\\', '%00', 'assets', 'a.js'),
      fc.string({ maxLength: 6 }),
    );

    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const resolved = resolveAppPath(root, `keytrail-app://app/${segments.join('/')}`);

        return resolved === null || resolved === root || resolved.startsWith(root + path.sep);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses other schemes and other hosts', () => {
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'https://app/index.html')).toBeNull();
    expect(resolveAppPath(root, 'keytrail-app://evil/index.html')).toBeNull();
  });

  it('refuses text that is not a URL', () => {
    expect(resolveAppPath(root, 'not a url')).toBeNull();
  });
});

describe('the content security policy', () => {
  it('never allows eval or inline script', () => {
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy).toMatch(/script-src 'self'(;|$)/);
  });

  it('denies everything not named, objects, framing and form posts', () => {
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy).toContain("form-action 'none'");
  });
});

describe('the protocol handler', () => {
  const files: Record<string, string> = {
    [path.join(root, 'index.html')]: '<!doctype html><title>Keytrail</title>',
  };
  const read = async (file: string) => {
    const text = files[file];
    if (text === undefined) throw new Error('ENOENT');

    return Buffer.from(text);
  };
  const handle = createAppProtocolHandler(root, read);

  it('serves a file with its type, the CSP and nosniff', async () => {
    const response = await handle(new Request(appEntryUrl));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>Keytrail</title>');
  });

  it('answers 403 to a traversal and 404 to a missing file', async () => {
    const traversal = await handle(new Request('keytrail-app://app/..%2f..%2fetc%2fpasswd'));
    const missing = await handle(new Request('keytrail-app://app/nothing.js'));

    expect(traversal.status).toBe(403);
    expect(missing.status).toBe(404);
  });

  it('answers 405 to anything but GET', async () => {
    const response = await handle(new Request(appEntryUrl, { method: 'POST', body: 'x' }));

    expect(response.status).toBe(405);
  });
});

describe('content types', () => {
  it('names scripts, styles and unknown files', () => {
    expect(mimeTypeOf('a/b.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('a/b.bin')).toBe('application/octet-stream');
  });
});
