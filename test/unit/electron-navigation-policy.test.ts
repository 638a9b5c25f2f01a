import { describe, expect, it } from 'vitest';
import { decideNavigation, isAllowedNavigation, originOf } from '../../electron/navigation-policy';

const dashboard = 'http://127.0.0.1:9101/?token=abc';
const origin = originOf(dashboard);

describe('navigation policy', () => {
  it('keeps every page of the dashboard origin inside the app', () => {
    expect(origin).toBe('http://127.0.0.1:9101');
    expect(decideNavigation('http://127.0.0.1:9101/channels/Wz@NWuVj8Tx5aa4a', origin)).toEqual({ action: 'allow' });
    expect(isAllowedNavigation('http://127.0.0.1:9101/#/audit', origin)).toBe(true);
  });

  it('sends other web pages to the system browser', () => {
    expect(decideNavigation('https://example.org/docs?a=1', origin)).toEqual({
      action: 'external',
      url: 'https://example.org/docs?a=1',
    });
    // Same host, other port: another origin, another program.
    expect(decideNavigation('http://127.0.0.1:9100/healthz', origin).action).toBe('external');
    expect(decideNavigation('http://localhost:9101/', origin).action).toBe('external');
  });

  it('refuses anything that is not a web link', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'ms-settings:', 'not a url']) {
      expect(decideNavigation(url, origin).action, url).toBe('deny');
      expect(isAllowedNavigation(url, origin), url).toBe(false);
    }
  });

  it('does not pass on links that hide credentials or look like the dashboard', () => {
    expect(decideNavigation('http://user:pw@evil.example/', origin).action).toBe('deny');
    expect(decideNavigation('http://127.0.0.1:9101@evil.example/', origin).action).toBe('deny');
    expect(decideNavigation('http://127.0.0.1.evil.example:9101/', origin).action).toBe('external');
  });

  it('rejects a dashboard URL that has no web origin', () => {
    expect(() => originOf('file:///tmp/index.html')).toThrow();
  });
});
