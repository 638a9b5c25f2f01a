// What the Settings view says about each setting beside its value: where the value in effect
// came from, whether a flag or the environment locks it (and how to change it then), and the
// port actually listened on when the setting says 0 (a free port).
import { SETTINGS, type SettingDescriptor, type SettingKey, type SettingSource, type Summary } from '../../../../server/contract';
import { inDesktopApp } from '../../health/desktop';
import { t } from '../../i18n';

export function descriptorOf(key: SettingKey): SettingDescriptor {
  return SETTINGS[key];
}

/** Desktop-only settings (the app's own notifications) make no sense in a browser tab. */
export function shownHere(key: SettingKey): boolean {
  return !descriptorOf(key).desktopOnly || inDesktopApp;
}

export function lockReason(key: SettingKey, source: SettingSource | undefined): string | null {
  const d = descriptorOf(key);
  if (source === 'flag' && d.flag) return t('settings.lockedFlag', { flag: `--${d.flag}` });
  if (source === 'env' && d.env) return t('settings.lockedEnv', { env: d.env });
  return null;
}

export function portInUse(key: SettingKey, summary: Summary | null): number | null {
  if (key === 'callbackPort' && summary) {
    const port = Number(new URL(summary.callbackUrl).port);
    return Number.isFinite(port) && port > 0 ? port : null;
  }
  if (key === 'adminPort' && window.location.port) return Number(window.location.port);
  return null;
}
