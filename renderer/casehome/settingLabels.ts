import type { CaseSettings } from '../../shared/model';

/** What each case setting means, as the case tab names it; all are seconds. */
export const settingLabels: Record<keyof CaseSettings, string> = {
  clockSkewSeconds: 'Clock skew allowed on paths',
  reviewWindowSeconds: 'Review window of an identity’s work',
  toolSpanMarginSeconds: 'Margin around a tool span',
  secretUseWindowSeconds: 'Window after a secret read',
  flowWindowSeconds: 'Window around a network flow',
};

/** The settings as rows, in the order above; a setting this window does not know keeps its key. */
export function settingRows(
  settings: CaseSettings,
): { key: string; label: string; value: string }[] {
  return Object.entries(settings).map(([key, value]) => ({
    key,
    label: settingLabels[key as keyof CaseSettings] ?? key,
    value: typeof value === 'number' ? `${value} s` : String(value),
  }));
}
