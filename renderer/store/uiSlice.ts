import type { Slice } from './types';

export type Theme = 'light' | 'dark';
export type BottomTab = 'timeline' | 'console' | 'case';

const themeKey = 'keytrail.theme';

function initialTheme(): Theme {
  // Outside a browser (the store's unit tests) there is no storage and no preference.
  if (typeof window === 'undefined') return 'light';
  const saved = window.localStorage?.getItem(themeKey);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface UiSlice {
  theme: Theme;
  bottomTab: BottomTab;
  /** A passing word about something that worked or did nothing (`Nothing to undo`). */
  status: string | null;
  setTheme(theme: Theme): void;
  setBottomTab(tab: BottomTab): void;
  clearStatus(): void;
}

export const uiSlice: Slice<UiSlice> = (set) => ({
  theme: initialTheme(),
  bottomTab: 'timeline',
  status: null,

  setTheme(theme) {
    if (typeof window !== 'undefined') window.localStorage?.setItem(themeKey, theme);
    set({ theme });
  },

  setBottomTab(tab) {
    set({ bottomTab: tab });
  },

  clearStatus() {
    set({ status: null });
  },
});
