import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { http } from '../../shared/bridge.js';

/** Constant-time comparison, so the token cannot be guessed one character at a time. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where the request carried the token, if it carried the right one. */
export function tokenSource(
  request: IncomingMessage,
  url: URL,
  token: string,
): 'header' | 'cookie' | 'query' | null {
  const header = request.headers[http.tokenHeader];
  if (typeof header === 'string' && sameToken(header, token)) return 'header';
  if (sameToken(cookie(request, http.tokenCookie), token)) return 'cookie';
  if (sameToken(url.searchParams.get(http.tokenQuery) ?? undefined, token)) return 'query';
  return null;
}

/**
 * DNS-rebinding guard: a page on another site that points its own host name at 127.0.0.1 still
 * sends its own name in Host, so only our literal host names are accepted. A browser sends Origin
 * on cross-site writes; when present it must be ours as well.
 */
export function trustedHost(request: IncomingMessage, port: number): boolean {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(request.headers.host ?? '')) return false;
  const origin = request.headers.origin;
  return origin === undefined || allowed.some((host) => origin === `http://${host}`);
}

/** The session cookie set by the first page request: invisible to scripts, never cross-site. */
export function tokenCookie(token: string): string {
  return `${http.tokenCookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
