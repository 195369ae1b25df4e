import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { http } from '../../shared/bridge.js';
import type { EngineHandlers } from '../../shared/contract.js';
import type { Progress } from '../../shared/model.js';
import { fail, ok } from '../../shared/result.js';
import { dispatch } from '../engine/dispatch.js';
import { KeytrailError } from '../engine/KeytrailError.js';
import { childLogger } from '../engine/log.js';
import { tokenCookie, tokenSource, trustedHost } from './auth.js';
import { readBody, refuse, securityHeaders, sendResult } from './respond.js';
import { serveStatic } from './staticFiles.js';
import { receiveUpload } from './upload.js';

const log = childLogger('http');

/** What the server needs of the engine: the API, its progress, and where the case lives. */
export interface ServedEngine extends EngineHandlers {
  onProgress(listener: (progress: Progress) => void): () => void;
  readonly casePath: string | null;
}

export interface ServerOptions {
  engine: ServedEngine;
  /** 0 picks any free port. */
  port?: number;
  /** The built renderer; by default `dist/renderer/` beside the compiled server. */
  rendererDir?: string;
  /** Largest JSON request body, in bytes. */
  bodyLimit?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const defaultRendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

function streamProgress(engine: ServedEngine, request: IncomingMessage, response: ServerResponse) {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = engine.onProgress((progress) => {
    response.write(`data: ${JSON.stringify(progress)}\n\n`);
  });
  // A comment now and then keeps proxies and the browser from timing the stream out.
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function handleUpload(engine: ServedEngine, request: IncomingMessage, url: URL) {
  const casePath = engine.casePath;
  if (!casePath) return fail('no_case_open', 'Failed to upload evidence: no case is open');
  try {
    return ok(await receiveUpload(request, casePath, url.searchParams.get('name') ?? 'upload'));
  } catch (error) {
    if (error instanceof KeytrailError) return fail(error.code, error.message);
    throw error;
  }
}

async function handleApi(
  options: Required<Pick<ServerOptions, 'bodyLimit'>> & ServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (url.pathname === http.progressPath && request.method === 'GET') {
    streamProgress(options.engine, request, response);
    return;
  }
  if (request.method !== 'POST') {
    response.writeHead(405, { Allow: 'POST' });
    response.end();
    return;
  }
  if (url.pathname === http.uploadPath) {
    sendResult(response, await handleUpload(options.engine, request, url));
    return;
  }

  const body = await readBody(request, options.bodyLimit);
  if (body === null) {
    refuse(response, 413, 'bad_request', 'Failed to read request: body too large');
    return;
  }
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    sendResult(response, fail('bad_request', 'Failed to read request: body is not JSON'));
    return;
  }
  const method = url.pathname.slice(http.apiPrefix.length);
  sendResult(response, await dispatch(options.engine, method, parsed));
}

/**
 * Browser mode: the API, its progress stream, uploads and the built renderer over HTTP on
 * 127.0.0.1 only. Every request must carry the session token (header, cookie or query), because
 * any web page the user visits can send requests to localhost.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(32).toString('hex');
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const settings = { ...options, bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024 };
  let port = 0;

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);

    if (!trustedHost(request, port)) {
      refuse(response, 403, 'unauthorized', 'Failed to serve request: unexpected host or origin');
      return;
    }
    const source = tokenSource(request, url, token);
    if (!source) {
      refuse(response, 401, 'unauthorized', 'Failed to serve request: missing or wrong token');
      return;
    }
    if (source === 'query') response.setHeader('Set-Cookie', tokenCookie(token));

    const work = url.pathname.startsWith(http.apiPrefix)
      ? handleApi(settings, request, response, url)
      : request.method === 'GET' || request.method === 'HEAD'
        ? serveStatic(response, rendererDir, url.pathname, request.method === 'HEAD')
        : Promise.resolve(refuse(response, 405, 'bad_request', 'Failed to serve request: method'));
    work.catch((error: unknown) => {
      log.error({ err: error, path: url.pathname }, 'request failed');
      if (!response.headersSent) sendResult(response, fail('internal', 'Failed to serve request'));
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.info({ port }, 'serving');

  return {
    url: `http://127.0.0.1:${port}/?${http.tokenQuery}=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
