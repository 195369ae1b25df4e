import { describe, expect, it } from 'vitest';
import { denyWindowOpen, guardContents, guardSession } from './navigationGuards.js';
import type { GuardedContents, GuardedSession } from './navigationGuards.js';

type Listener = (event: { preventDefault(): void }) => void;

function contentsStandIn() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
  };

  return {
    contents: contents as unknown as GuardedContents,
    open: (url: string) => openHandler?.({ url }),
    emit(name: string): boolean {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) });
      return prevented;
    },
  };
}

describe('the navigation guards', () => {
  it('deny every window.open, whatever the URL', () => {
    const standIn = contentsStandIn();
    guardContents(standIn.contents);

    expect(standIn.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(standIn.open('keytrail-app://app/index.html')).toEqual({ action: 'deny' });
    expect(denyWindowOpen({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
  });

  it('block every navigation the page starts, and every redirect', () => {
    const standIn = contentsStandIn();
    guardContents(standIn.contents);

    expect(standIn.emit('will-navigate')).toBe(true);
    expect(standIn.emit('will-redirect')).toBe(true);
  });

  it('refuse to attach a webview', () => {
    const standIn = contentsStandIn();
    guardContents(standIn.contents);

    expect(standIn.emit('will-attach-webview')).toBe(true);
  });
});

describe('the session guard', () => {
  it('denies every permission request and check', () => {
    let requestHandler: Parameters<GuardedSession['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: (() => boolean) | undefined;
    guardSession({
      setPermissionRequestHandler: (handler) => {
        requestHandler = handler;
      },
      setPermissionCheckHandler: (handler) => {
        checkHandler = handler;
      },
    });
    const answers: boolean[] = [];

    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      requestHandler?.({}, permission, (granted) => answers.push(granted));
    }

    expect(answers).toEqual([false, false, false, false]);
    expect(checkHandler?.()).toBe(false);
  });
});
