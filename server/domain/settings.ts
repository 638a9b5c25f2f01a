/** The operator's settings that change decisions. */
export interface DecisionSettings {
  /** Highest conCurrentNumber a create may ask for (0 = no limit is always allowed). */
  maxCapacity: number;
  /** Seconds without a report after which a viewer or uploader is taken as gone. */
  graceSeconds: number;
  /** Adopt channels first seen through a later event (created while we were down). */
  adoptUnknownChannels: boolean;
  /** Answer for actions of the chat room, group, VoIP and push families. */
  unsupportedReply: 'deny' | 'allow';
}

export const defaultDecisionSettings: DecisionSettings = {
  maxCapacity: 500,
  graceSeconds: 150,
  adoptUnknownChannels: true,
  unsupportedReply: 'deny',
};
