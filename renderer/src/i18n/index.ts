// vue-i18n for every word on screen, naive-ui's own locales for its components, and the page's
// `lang` so screen readers and fonts follow. Messages are typed from the English ones, so a
// Chinese message missing is a type error.
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import { dateEnUS, dateZhCN, enUS, zhCN } from 'naive-ui';
import { en } from './en';
import { zhCNMessages } from './zh-CN';
import { LOCALE_STORAGE_KEY, pickLocale, type Locale } from './locale';

export type Messages = typeof en;

function savedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

const initial = pickLocale(savedLocale(), navigator.languages?.length ? navigator.languages : [navigator.language]);

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initial,
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCNMessages },
  missingWarn: false,
  fallbackWarn: false,
});

document.documentElement.lang = initial;

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** naive-ui's locale and date locale for the current language. */
export const naiveLocale = computed(() =>
  i18n.global.locale.value === 'zh-CN' ? { locale: zhCN, dateLocale: dateZhCN } : { locale: enUS, dateLocale: dateEnUS },
);

/** `t` outside components (composables, render functions, stores). */
export const t = i18n.global.t;
