import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../shared/bridge.js';
import type { Progress } from '../../shared/model.js';
import { startServer, type RunningServer, type ServedEngine } from './startServer.js';

let dir: string;
let server: RunningServer;
const listeners = new Set<(p: Progress) => void>();

const engine = {
  casePath: '',
  onProgress(listener: (p: Progress) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  caseInfo: async () => null,
} as unknown as ServedEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keytrail-server-'));
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Keytrail</title>');
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  (engine as { casePath: string }).casePath = join(dir, 'c.keytrail.duckdb');
  server = await startServer({ engine, port: 0, rendererDir: join(dir, 'renderer') });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so that paths like `/../x` reach the server unnormalised. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const withToken = () => ({ [http.tokenHeader]: server.token });

describe('startServer', () => {
  it('prints a loopback URL that carries a 64-hex token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(server.url).toContain(server.token);
  });

  it('refuses every route without the token', async () => {
    const routes: [string, string][] = [
      ['GET', '/'],
      ['GET', '/assets/app.js'],
      ['POST', '/api/caseInfo'],
      ['GET', '/api/progress'],
      ['POST', '/api/upload?name=a.json'],
    ];
    for (const [method, path] of routes) {
      const none = await raw(path, { method, body: method === 'POST' ? '{}' : undefined });
      expect(none.status, `${method} ${path}`).toBe(401);
      const wrong = await raw(path, { method, headers: { [http.tokenHeader]: 'f'.repeat(64) } });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
  });

  it('sets an HttpOnly SameSite=Strict cookie from the token in the URL, then accepts it', async () => {
    const first = await raw(`/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>Keytrail</title>');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`${http.tokenCookie}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);

    const next = await raw('/assets/app.js', {
      headers: { cookie: `${http.tokenCookie}=${server.token}` },
    });
    expect(next.status).toBe(200);
    expect(next.headers['content-type']).toMatch(/javascript/);
  });

  it('sends a strict content security policy and nosniff', async () => {
    const page = await raw('/', { headers: withToken() });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header even with the token', async () => {
    const rebound = await raw('/', {
      headers: { ...withToken(), host: `evil.example:${server.port}` },
    });
    expect(rebound.status).toBe(403);
    const origin = await raw('/api/caseInfo', {
      method: 'POST',
      body: '{}',
      headers: { ...withToken(), origin: 'http://evil.example' },
    });
    expect(origin.status).toBe(403);
  });

  it('refuses paths that leave the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
    ]) {
      const res = await raw(path, { headers: withToken() });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('carries an API call through dispatch and back as a result', async () => {
    const info = await raw('/api/caseInfo', { method: 'POST', body: '{}', headers: withToken() });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toEqual({ ok: true, value: null });

    const unknown = await raw('/api/dropTables', {
      method: 'POST',
      body: '{}',
      headers: withToken(),
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const malformed = await raw('/api/caseInfo', {
      method: 'POST',
      body: '{',
      headers: withToken(),
    });
    expect(JSON.parse(malformed.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('delivers progress as server-sent events', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}${http.progressPath}`, {
      headers: withToken(),
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');

    const progress: Progress = {
      task: 'ingest',
      phase: 'reading',
      done: 3,
      total: 10,
      message: 'x',
    };
    for (const listener of listeners) listener(progress);
    while (!text.includes('data: ')) text += decoder.decode((await reader.read()).value);
    const line = text.split('\n').find((l) => l.startsWith('data: '));
    expect(JSON.parse(line!.slice(6))).toEqual(progress);
    await reader.cancel();
  });

  it('streams an upload beside the case under a sanitised name', async () => {
    const res = await raw(`/api/upload?name=${encodeURIComponent('../../evil name.json')}`, {
      method: 'POST',
      body: '{"Records":[]}',
      headers: withToken(),
    });
    const result = JSON.parse(res.body) as { ok: true; value: { path: string } };
    expect(result.ok).toBe(true);
    expect(result.value.path.startsWith(join(dir, 'c.keytrail.duckdb.uploads') + '/')).toBe(true);
    expect(result.value.path).toMatch(/-evil_name\.json$/);
    expect(await readFile(result.value.path, 'utf8')).toBe('{"Records":[]}');
    expect(await readdir(dir)).not.toContain('evil name.json');
  });
});
