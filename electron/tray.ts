// The tray icon: its tooltip and menu follow what `view` says, refreshed every few seconds;
// the menu is rebuilt only when it changed (some Linux trays flicker on every rebuild).

import { Menu, nativeImage, Tray } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayDeps {
  iconPath: string;
  refreshMs: number;
  tooltip(): string;
  menu(): MenuItemConstructorOptions[];
  onClick(): void;
}

export interface AppTray {
  /** Now, not at the next tick (after the followed server changed). */
  refresh(): void;
  destroy(): void;
}

export function startTray(deps: TrayDeps): AppTray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath));
  tray.on('click', () => deps.onClick());
  let lastMenu = '';
  const refresh = (): void => {
    if (tray.isDestroyed()) return;
    tray.setToolTip(deps.tooltip());
    const template = deps.menu();
    // Labels, kinds and checks, without the click handlers.
    const key = JSON.stringify(template);
    if (key === lastMenu) return;
    lastMenu = key;
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  refresh();
  const timer = setInterval(refresh, deps.refreshMs);
  return {
    refresh,
    destroy: () => {
      clearInterval(timer);
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
