// Inside the desktop app the shell shows OS notifications itself (electron/); a browser tab
// (headless use) can ask for the browser's own.
export const inDesktopApp = /\bElectron\//.test(navigator.userAgent);

export function browserNotificationsAvailable(): boolean {
  return !inDesktopApp && typeof Notification !== 'undefined';
}
