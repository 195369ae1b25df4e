import { http } from '../../shared/bridge';

const storageKey = 'keytrail.token';

/**
 * The token `keytrail serve` printed in the page URL. It is kept in sessionStorage (so a reload
 * still works) and taken out of the address bar, so that it does not linger in history or in a
 * screenshot of the window.
 */
export function sessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(http.tokenQuery);

  if (fromUrl) {
    window.sessionStorage.setItem(storageKey, fromUrl);
    url.searchParams.delete(http.tokenQuery);
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }

  return window.sessionStorage.getItem(storageKey);
}
