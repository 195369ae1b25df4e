import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from './menuTemplate.js';
import type { MenuActions } from './menuTemplate.js';

function recorder() {
  const calls: string[] = [];
  const actions: MenuActions = {
    openCase: () => calls.push('openCase'),
    addEvidence: () => calls.push('addEvidence'),
    addEvidenceFolder: () => calls.push('addEvidenceFolder'),
    openRecent: (casePath) => calls.push(`openRecent ${casePath}`),
    about: () => calls.push('about'),
  };

  return { calls, actions };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function find(items: MenuItemConstructorOptions[], label: string) {
  return items.find((item) => item.label === label);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('the application menu', () => {
  it('has File and Help, and View only in development', () => {
    const { actions } = recorder();

    const packaged = menuTemplate(actions, { isDev: false, recent: [] });
    const dev = menuTemplate(actions, { isDev: true, recent: [] });

    expect(packaged.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'Help']);
    expect(dev.map((item) => item.label ?? item.role)).toEqual([
      'File',
      'editMenu',
      'View',
      'Help',
    ]);
    expect(submenu(find(dev, 'View')).map((item) => item.role)).toContain('toggleDevTools');
  });

  it('opens a case, adds evidence and quits from File', () => {
    const { calls, actions } = recorder();
    const file = submenu(find(menuTemplate(actions, { isDev: false, recent: [] }), 'File'));

    click(find(file, 'Open case...'));
    click(find(file, 'Add evidence...'));
    click(find(file, 'Add evidence folder...'));

    expect(calls).toEqual(['openCase', 'addEvidence', 'addEvidenceFolder']);
    expect(file.some((item) => item.role === 'quit')).toBe(true);
  });

  it('lists recent cases newest first and opens the one clicked', () => {
    const { calls, actions } = recorder();
    const recent = [
      { path: '/cases/new.keytrail.duckdb', openedAt: '2025-03-02T00:00:00.000Z' },
      { path: '/cases/old.keytrail.duckdb', openedAt: '2025-03-01T00:00:00.000Z' },
    ];
    const file = submenu(find(menuTemplate(actions, { isDev: false, recent }), 'File'));
    const items = submenu(find(file, 'Open recent'));

    click(items[1]);

    expect(items.map((item) => item.label)).toEqual([
      '/cases/new.keytrail.duckdb',
      '/cases/old.keytrail.duckdb',
    ]);
    expect(calls).toEqual(['openRecent /cases/old.keytrail.duckdb']);
  });

  it('shows a disabled placeholder when no case was opened before', () => {
    const { actions } = recorder();
    const file = submenu(find(menuTemplate(actions, { isDev: false, recent: [] }), 'File'));

    expect(submenu(find(file, 'Open recent'))).toEqual([
      { label: 'No recent cases', enabled: false },
    ]);
  });

  it('shows About from Help', () => {
    const { calls, actions } = recorder();
    const help = submenu(find(menuTemplate(actions, { isDev: false, recent: [] }), 'Help'));

    click(find(help, 'About Keytrail'));

    expect(calls).toEqual(['about']);
  });
});
