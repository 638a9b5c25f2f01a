// The views in the navigation, in order. Chat rooms, groups and calls join when their pages
// exist (their routes and stream topics are already known: composables/useRoute, AppShell).
export const NAV_LINKS = [{ view: 'channels' }, { view: 'traffic' }, { view: 'audit' }, { view: 'settings' }] as const;
