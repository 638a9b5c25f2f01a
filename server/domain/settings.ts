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

export type DecisionSettings = Pick<SettingsView, (typeof DECISION_SETTING_KEYS)[number]> & {
  /**
   * Forward mode: the studio's eventCenter has already allowed this event, so its business rules
   * (who may upload or watch, whose channel id it is) are not ours to apply; the operator's
   * levers (close, kick, ban, capacity) still are, and unknown channels are adopted.
   */
  trustUpstream?: boolean;
};

export function decisionSettingsOf(settings: SettingsView): DecisionSettings {
  return Object.fromEntries(DECISION_SETTING_KEYS.map((key) => [key, settings[key]])) as DecisionSettings;
}

export const defaultDecisionSettings: DecisionSettings = decisionSettingsOf(defaultSettings);
