/**
 * Guards of the window's web contents. The page shows hostile log content: a link in it must not
 * take the window elsewhere, open a new window, embed a webview, or obtain a permission (camera,
 * notifications, clipboard...). The window's own page is loaded by the main process with
 * `loadURL`, which emits no `will-navigate`, so every navigation the page starts is refused.
 */

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of `WebContents` the guards use, so that tests can pass a stand-in. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** The parts of `Session` the guards use. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export interface GuardLog {
  warn(fields: object, message: string): void;
}

export function denyWindowOpen(details: { url: string }, log?: GuardLog): { action: 'deny' } {
  log?.warn({ url: details.url.slice(0, 200) }, 'refused to open a new window');

  return { action: 'deny' };
}

export function guardContents(contents: GuardedContents, log?: GuardLog): void {
  contents.setWindowOpenHandler((details) => denyWindowOpen(details, log));

  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log?.warn({}, 'refused a navigation started by the page');
  });

  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
