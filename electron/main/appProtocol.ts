import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The window's files come from `keytrail-app://app/...`, a privileged standard secure scheme,
 * rather than `file://`: the page gets a real origin (so the CSP's 'self' means only the app), and
 * each request is resolved inside the renderer's folder, never outside it.
 */
export const appScheme = 'keytrail-app';
export const appOrigin = `${appScheme}://app`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** Passed to `protocol.registerSchemesAsPrivileged` before the app is ready. */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * No eval, no inline script, no remote anything. Inline style attributes stay allowed: the graph
 * view positions its nodes with them.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(filePath: string): string {
  return mimeTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that `url` names, or null when the URL is not ours or tries to leave
 * `root` (`..`, encoded dots or slashes, backslashes, NUL). The check is on the decoded path,
 * after normalisation, so that no spelling of a traversal slips through.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== 'app') return null;

  // The raw pathname is checked too: the URL parser already folds a plain `/../`, but an encoded
  // separator or dot would only appear after decoding.
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (/%2e|%2f|%5c/i.test(parsed.pathname) || /[\\\0]/.test(decoded)) return null;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;

  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, relative);
  if (file !== resolvedRoot && !file.startsWith(resolvedRoot + path.sep)) return null;

  return file;
}

type ReadFile = (file: string) => Promise<Buffer>;

/**
 * The handler for `protocol.handle(appScheme, ...)`: GET only, files inside `root` only, every
 * response carrying the CSP and refusing to be sniffed as another type.
 */
export function createAppProtocolHandler(root: string, read: ReadFile = readFile) {
  return async (request: Request): Promise<Response> => {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy,
      'X-Content-Type-Options': 'nosniff',
    };
    if (request.method !== 'GET') return new Response(null, { status: 405, headers });

    const file = resolveAppPath(root, request.url);
    if (file === null) return new Response(null, { status: 403, headers });

    try {
      const body = await read(file);

      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { ...headers, 'Content-Type': mimeTypeOf(file) },
      });
    } catch {
      return new Response(null, { status: 404, headers });
    }
  };
}
