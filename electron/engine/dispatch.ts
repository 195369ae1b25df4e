import {
  isMethod,
  requests,
  type EngineHandlers,
  type Method,
  type ResponseOf,
} from '../../shared/contract.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { KeytrailError } from './KeytrailError.js';
import { childLogger } from './log.js';

const log = childLogger('dispatch');

/**
 * The boundary every caller goes through (Electron IPC, the HTTP server, tests): the request is
 * `unknown` until the contract's schema accepts it, and the reply is always a result, so that no
 * exception and no stack trace crosses to the window.
 */
export async function dispatch<M extends Method>(
  handlers: EngineHandlers,
  method: M | string,
  request: unknown,
): Promise<Result<ResponseOf<M>>> {
  if (!isMethod(method)) {
    return fail('bad_request', `Failed to call ${String(method).slice(0, 64)}: no such method`);
  }

  const parsed = requests[method].safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    return fail(
      'bad_request',
      `Failed to call ${method}: ${where} ${issue?.message ?? 'is invalid'}`,
      JSON.stringify(parsed.error.issues),
    );
  }

  const started = Date.now();
  try {
    const handler = handlers[method] as (r: unknown) => Promise<ResponseOf<M>>;
    const answer = await handler.call(handlers, parsed.data);
    // Request contents stay out of the log: they may carry what the evidence holds.
    log.debug({ method, ms: Date.now() - started }, 'answered');
    return ok(answer);
  } catch (error) {
    if (error instanceof KeytrailError) {
      log.debug({ method, code: error.code }, error.message);
      return fail(error.code, error.message, error.detail);
    }
    log.error({ method, err: error }, 'unexpected failure');
    return fail('internal', `Failed to ${method}: unexpected error`);
  }
}
