// Where the dashboard window may go. Only the dashboard's own origin opens inside the app;
// web links go to the system browser; anything else (file:, javascript:, custom schemes) is
// refused, so a hostile page or a bad link can never take over the privileged window.

export type NavigationDecision =
  /** Stay in the app: same origin as the dashboard. */
  | { action: 'allow' }
  /** Hand an http(s) link to the system browser and keep the window where it is. */
  | { action: 'external'; url: string }
  | { action: 'deny'; reason: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin (`http://127.0.0.1:9101`) of a dashboard URL such as `running.dashboardUrl`. */
export function originOf(url: string): string {
  const parsed = parse(url);
  if (parsed === null || parsed.origin === 'null') throw new Error(`not an http(s) URL: ${url}`);
  return parsed.origin;
}

export function isAllowedNavigation(url: string, dashboardOrigin: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.origin !== 'null' && parsed.origin === dashboardOrigin;
}

/** For `will-navigate`, `will-redirect` and `window.open` alike. */
export function decideNavigation(url: string, dashboardOrigin: string): NavigationDecision {
  const parsed = parse(url);
  if (parsed === null) return { action: 'deny', reason: 'not a URL' };
  if (isAllowedNavigation(url, dashboardOrigin)) return { action: 'allow' };
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    // Credentials in a link are a phishing trick; never pass them on.
    if (parsed.username !== '' || parsed.password !== '') {
      return { action: 'deny', reason: 'link carries credentials' };
    }
    return { action: 'external', url: parsed.href };
  }
  return { action: 'deny', reason: `scheme ${parsed.protocol} is not opened` };
}
