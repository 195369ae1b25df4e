import { http } from '../../shared/bridge';
import { methods, type KeytrailApi, type Method } from '../../shared/contract';
import type { Progress } from '../../shared/model';
import { fail, ok, type Result } from '../../shared/result';
import type { Transport } from './transport';

/** Reads a reply body as a Result; anything else (a proxy page, a crash) becomes an error. */
async function readResult<T>(response: Response, what: string): Promise<Result<T>> {
  const text = await response.text();

  try {
    const parsed = JSON.parse(text) as Result<T>;
    if (parsed && typeof parsed === 'object' && typeof parsed.ok === 'boolean') return parsed;
  } catch {
    // Not JSON: fall through to an error that names the HTTP status.
  }

  if (response.status === 401 || response.status === 403) {
    return fail('unauthorized', `Failed to ${what}: the server refused the token`);
  }
  return fail('internal', `Failed to ${what}: HTTP ${response.status}`);
}

async function send<T>(
  url: string,
  init: RequestInit,
  token: string | null,
  what: string,
): Promise<Result<T>> {
  const headers = new Headers(init.headers);
  if (token) headers.set(http.tokenHeader, token);

  try {
    const response = await fetch(url, { ...init, headers, credentials: 'same-origin' });
    return await readResult<T>(response, what);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'network error';
    return fail('internal', `Failed to ${what}: ${reason}`);
  }
}

/** Browser mode: the engine lives behind `keytrail serve` on this page's origin. */
export function httpTransport(token: string | null): Transport {
  const call = (method: Method) => (request: unknown) =>
    send(
      `${http.apiPrefix}${method}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request ?? {}),
      },
      token,
      `call ${method}`,
    );
  const api = Object.fromEntries(methods.map((m) => [m, call(m)])) as unknown as KeytrailApi;

  const upload = (file: File) =>
    send<{ path: string }>(
      `${http.uploadPath}?name=${encodeURIComponent(file.name)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      },
      token,
      `upload ${file.name}`,
    );

  return {
    mode: 'browser',
    api,
    onProgress(listener) {
      // EventSource cannot set headers: the token rides in the query (the cookie may too).
      const query = token ? `?${http.tokenQuery}=${encodeURIComponent(token)}` : '';
      const source = new EventSource(`${http.progressPath}${query}`);
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          listener(JSON.parse(message.data) as Progress);
        } catch {
          // A malformed progress line only costs one update of the bar.
        }
      };
      return () => source.close();
    },
    async pathsForFiles(files) {
      const paths: string[] = [];
      for (const file of files) {
        const uploaded = await upload(file);
        if (!uploaded.ok) return uploaded;
        paths.push(uploaded.value.path);
      }
      return ok(paths);
    },
    chooseEvidence: null,
    chooseCase: null,
  };
}
