import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail, type Result } from '../../shared/result.js';

/**
 * Headers on every response. The policy lets the page load only its own scripts (no eval), talk
 * only to this server, and never be framed; inline styles are allowed for React Flow.
 */
export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

export function sendResult(response: ServerResponse, result: Result<unknown>): void {
  sendJson(response, 200, result);
}

/** A refusal as a failed result, so the browser client reads it like any other error. */
export function refuse(
  response: ServerResponse,
  status: number,
  code: 'unauthorized' | 'bad_request',
  message: string,
): void {
  sendJson(response, status, fail(code, message));
}

/** Read a request body up to `limit` bytes; null when it is larger. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
