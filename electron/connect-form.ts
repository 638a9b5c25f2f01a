// "Connect to a Server…": the small page that asks for a LAN server's address and admin token,
// and the reading of what the operator typed. The page has no script and no bridge into the app:
// its form "navigates" to an address under CONNECT_ORIGIN that the app intercepts and cancels,
// so nothing typed there ever leaves the machine except to the server being connected.

import type { SavedServer } from './server-list';

/** Never resolved nor loaded (.invalid is reserved): the app reads the navigation and stops it. */
export const CONNECT_ORIGIN = 'http://aec-connect.invalid';

export type ConnectSubmission = { kind: 'connect'; address: string; token: string } | { kind: 'cancel' };

/** What a navigation of the connect page means; null when it is not the form's. */
export function readConnectSubmission(url: string): ConnectSubmission | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== CONNECT_ORIGIN) return null;
  if (parsed.pathname === '/cancel') return { kind: 'cancel' };
  if (parsed.pathname !== '/submit') return null;
  return { kind: 'connect', address: parsed.searchParams.get('address') ?? '', token: parsed.searchParams.get('token') ?? '' };
}

/**
 * The server to follow, from what was typed: an address with or without `http://`, or the whole
 * dashboard URL that server printed at start-up (its `?token=` then fills an empty token field).
 */
export function serverFromInput(address: string, token: string): { ok: true; server: SavedServer } | { ok: false; error: string } {
  const typed = address.trim();
  if (typed === '') return { ok: false, error: "Enter the server's dashboard address, for example http://192.168.1.20:9901" };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
  } catch {
    return { ok: false, error: `"${typed}" is not an address` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'The address must start with http:// or https://' };
  if (url.username !== '' || url.password !== '') return { ok: false, error: 'Leave the user name and password out of the address; the admin token goes in its own field' };
  const chosenToken = token.trim() || (url.searchParams.get('token') ?? '').trim();
  if (chosenToken === '') {
    return { ok: false, error: "Enter the server's admin token: it is in the dashboard URL that server printed at start-up (after ?token=)" };
  }
  return { ok: true, server: { name: url.host, url: `${url.origin}/`, token: chosenToken } };
}

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page itself, as a data: URL. `address` and `error` come back after a failed attempt. */
export function connectPageUrl(view: { address?: string; error?: string } = {}): string {
  const error = view.error ? `<p class="error" role="alert">${escape(view.error)}</p>` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action ${CONNECT_ORIGIN}; base-uri 'none'">
<title>Connect to a Server</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 20px; background: #101418; color: #e6e8eb; }
  label { display: block; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 6px; font: inherit; }
  p.hint { color: #a0a8b0; margin: 0 0 8px; }
  p.error { color: #ff8a80; }
  .buttons { margin-top: 16px; display: flex; gap: 12px; justify-content: flex-end; align-items: center; }
  a { color: #a0c4ff; }
</style></head>
<body>
<form method="get" action="${CONNECT_ORIGIN}/submit" autocomplete="off">
  <p class="hint">Follow AEC Live Monitor running on another machine of the LAN (started with <code>--admin-host 0.0.0.0</code>). Paste the dashboard URL it printed, or its address and admin token.</p>
  ${error}
  <label for="address">Dashboard address</label>
  <input id="address" name="address" required autofocus placeholder="http://192.168.1.20:9901/?token=..." value="${escape(view.address ?? '')}">
  <label for="token">Admin token (if not in the address)</label>
  <input id="token" name="token" type="password">
  <div class="buttons"><a href="${CONNECT_ORIGIN}/cancel">Cancel</a><button type="submit">Connect</button></div>
</form>
</body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
