// The views in the navigation, in order: what is on air first, then the other families, then the
// records and the settings.
export const NAV_LINKS = [
  { view: 'channels' },
  { view: 'calls' },
  { view: 'chatrooms' },
  { view: 'groups' },
  { view: 'traffic' },
  { view: 'audit' },
  { view: 'settings' },
] as const;
