// Which language the dashboard starts in (renderer/src/i18n/locale.ts), and that both languages
// have the same messages.
import { describe, expect, it } from 'vitest';
import { pickLocale } from '../../renderer/src/i18n/locale';
import { en } from '../../renderer/src/i18n/en';
import { zhCNMessages } from '../../renderer/src/i18n/zh-CN';
import { SETTING_KEYS } from '../../server/contract';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locale', () => {
  it("keeps the operator's choice, else follows the system's languages, else English", () => {
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(null, ['fr'])).toBe('en');
    expect(pickLocale('xx', ['zh'])).toBe('zh-CN');
  });

  it('has every English message in Chinese too, and a label for every setting', () => {
    expect(keys(zhCNMessages).sort()).toEqual(keys(en).sort());
    for (const key of SETTING_KEYS) expect(en.settings.key[key as keyof typeof en.settings.key], key).toBeDefined();
  });
});
