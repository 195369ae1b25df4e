import { channelOf, methods } from '../../shared/contract.js';
import type { EngineHandlers, Method } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { fail } from '../../shared/result.js';
import { appOrigin } from './appProtocol.js';
import { shellChannels } from './shellChannels.js';

/**
 * The IPC wiring, generated from the contract: one handler per method of shared/contract.ts, each
 * validating through `dispatch` and answering a result. A handler first checks that the message
 * comes from the app's own page, so a frame that is not Keytrail's gets nothing from the engine.
 */

/** The part of an IPC event the wiring reads. */
export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

/** The part of `ipcMain` the wiring uses, so that tests can record registrations. */
export interface IpcLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
}

export type Dispatch = (
  handlers: EngineHandlers,
  method: Method,
  request: unknown,
) => Promise<Result<unknown>>;

export interface ShellCalls {
  chooseCase(): Promise<string | null>;
  chooseEvidence(): Promise<string[]>;
}

export interface IpcOptions {
  dispatch: Dispatch;
  shell: ShellCalls;
  /** Origins besides the app protocol whose pages may call (the Vite server in development). */
  extraOrigins?: readonly string[];
  /** Told of every answered call, e.g. to remember an opened case in the recent list. */
  afterCall?: (method: Method, result: Result<unknown>) => void;
  log?: { warn(fields: object, message: string): void };
}

/** True when the message comes from a page of the app itself (or an allowed dev origin). */
export function isTrustedSender(
  event: IpcEventLike,
  extraOrigins: readonly string[] = [],
): boolean {
  const url = event.senderFrame?.url;
  if (typeof url !== 'string') return false;

  return [appOrigin, ...extraOrigins].some((origin) => url.startsWith(`${origin}/`));
}

export function registerIpc(ipc: IpcLike, engine: EngineHandlers, options: IpcOptions): void {
  const trusted = (event: IpcEventLike, channel: string): boolean => {
    if (isTrustedSender(event, options.extraOrigins)) return true;

    options.log?.warn({ channel, url: event.senderFrame?.url?.slice(0, 200) }, 'refused IPC');
    return false;
  };

  for (const method of methods) {
    const channel = channelOf(method);

    ipc.handle(channel, async (event, request) => {
      if (!trusted(event, channel)) {
        return fail(
          'unauthorized',
          `Failed to answer ${method}: the request did not come from the Keytrail window`,
        );
      }

      const result = await options.dispatch(engine, method, request);
      options.afterCall?.(method, result);
      return result;
    });
  }

  ipc.handle(shellChannels.chooseCase, async (event) =>
    trusted(event, shellChannels.chooseCase) ? options.shell.chooseCase() : null,
  );

  ipc.handle(shellChannels.chooseEvidence, async (event) =>
    trusted(event, shellChannels.chooseEvidence) ? options.shell.chooseEvidence() : [],
  );
}
