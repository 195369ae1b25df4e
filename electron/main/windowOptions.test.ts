import { describe, expect, it } from 'vitest';
import { windowOptions } from './windowOptions.js';

describe('the window options', () => {
  const options = windowOptions('/app/dist/electron/preload/preload.cjs');
  const web = options.webPreferences ?? {};

  it('isolate the page from the preload and run it in the sandbox', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
  });

  it('give the page, its workers and its frames no Node', () => {
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keep web security on and refuse webviews and insecure content', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
  });

  it('load the given preload', () => {
    expect(web.preload).toBe('/app/dist/electron/preload/preload.cjs');
  });

  it('title the window Keytrail and show it only once painted', () => {
    expect(options.title).toBe('Keytrail');
    expect(options.show).toBe(false);
  });
});
