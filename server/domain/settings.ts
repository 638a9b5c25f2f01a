import { defaultSettings, type SettingsView } from '../contract';

/** The operator's settings that change decisions. */
export const DECISION_SETTING_KEYS = [
  'maxCapacity',
  'graceSeconds',
  'adoptUnknownChannels',
  'unsupportedReply',
  'defaultChatRoomLimit',
  'adoptUnknownChatRooms',
  'chatRoomPlaceholderCreator',
  'groupMaxMembers',
  'allowGroupSystemPush',
  'maxCallMinutes',
] as const;

export type DecisionSettings = Pick<SettingsView, (typeof DECISION_SETTING_KEYS)[number]>;

export function decisionSettingsOf(settings: SettingsView): DecisionSettings {
  return Object.fromEntries(DECISION_SETTING_KEYS.map((key) => [key, settings[key]])) as DecisionSettings;
}

export const defaultDecisionSettings: DecisionSettings = decisionSettingsOf(defaultSettings);
