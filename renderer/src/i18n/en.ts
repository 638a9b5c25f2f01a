// The English messages; the Chinese ones must have every key (i18n/index.ts types them from these).
import { pages } from './en/pages';
import { settings } from './en/settings';
import { ui } from './en/ui';

export const en = { ...ui, ...pages, settings };
