// The simplified Chinese messages (zh-CN), typed from the English ones.
import type { en } from './en';
import { pages } from './zh-CN/pages';
import { settings } from './zh-CN/settings';
import { ui } from './zh-CN/ui';

export const zhCNMessages: typeof en = { ...ui, ...pages, settings };
