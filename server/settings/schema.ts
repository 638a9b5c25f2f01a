// Validation of settings, built from the contract's table: one rule per kind of setting.

import { z } from 'zod';
import { NOTICE_KINDS, SETTINGS, SETTING_KEYS, WEBHOOK_FORMATS, type SettingDescriptor, type SettingsView } from '../contract';
import { parseAllowList } from './allow-list';

const port = z.number().int().min(0).max(65535);

const cidrList = z.array(z.string()).superRefine((ranges, ctx) => {
  try {
    parseAllowList(ranges);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

export const webhookTarget = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(WEBHOOK_FORMATS),
  events: z.array(z.enum(NOTICE_KINDS)),
});

function ruleFor(descriptor: SettingDescriptor): z.ZodType {
  switch (descriptor.kind) {
    case 'host':
      return z.string().trim().min(1);
    case 'port':
      return port;
    case 'integer':
      return z.number().int().min(descriptor.min).max(descriptor.max);
    case 'boolean':
      return z.boolean();
    case 'choice':
      return z.enum(descriptor.options as [string, ...string[]]);
    case 'url':
      return z.url({ protocol: /^https?$/ }).nullable();
    case 'secret':
      return z.string().min(1).nullable();
    case 'cidrList':
      return cidrList;
    case 'switches':
      return z.strictObject(Object.fromEntries(descriptor.keys.map((key) => [key, z.boolean()])));
    case 'webhookList':
      return z.array(webhookTarget).max(20);
    case 'folder':
      return z.string().trim().min(1).nullable();
    case 'text':
      return z.string().trim().min(1).max(128);
  }
}

function rules(optional: boolean): Record<string, z.ZodType> {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, optional ? ruleFor(SETTINGS[key]).optional() : ruleFor(SETTINGS[key])]));
}

/** A change from the dashboard: any subset of the settings, nothing else. */
export const settingsPatchSchema = z.strictObject(rules(true)) as unknown as z.ZodType<Partial<SettingsView>>;

/** The settings file: any subset of the settings plus the admin token; unknown keys are dropped. */
export const settingsFileSchema = z.object({ ...rules(true), adminToken: z.string().min(16).optional() }) as unknown as z.ZodType<SettingsFile>;

export type SettingsFile = Partial<SettingsView> & { adminToken?: string };
