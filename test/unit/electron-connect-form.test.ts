import { describe, expect, it } from 'vitest';
import { CONNECT_ORIGIN, connectPageUrl, readConnectSubmission, serverFromInput } from '../../electron/connect-form';

const page = (url: string): string => decodeURIComponent(url.slice(url.indexOf(',') + 1));

describe('connect form', () => {
  it('takes the dashboard URL a server printed, token included', () => {
    expect(serverFromInput('http://192.168.1.20:9901/?token=abc%2Bdef', '')).toEqual({
      ok: true,
      server: { name: '192.168.1.20:9901', url: 'http://192.168.1.20:9901/', token: 'abc+def' },
    });
  });

  it('takes a bare address with the token apart; a typed token wins over one in the address', () => {
    expect(serverFromInput(' studio-pc.local:9901 ', ' tok ')).toEqual({ ok: true, server: { name: 'studio-pc.local:9901', url: 'http://studio-pc.local:9901/', token: 'tok' } });
    expect(serverFromInput('https://monitor.example/?token=old', 'new')).toMatchObject({ ok: true, server: { url: 'https://monitor.example/', token: 'new' } });
  });

  it('says what is missing or wrong', () => {
    expect(serverFromInput('', 'x')).toMatchObject({ ok: false, error: expect.stringContaining('dashboard address') });
    expect(serverFromInput('http://192.168.1.20:9901/', '')).toMatchObject({ ok: false, error: expect.stringContaining('admin token') });
    expect(serverFromInput('ftp://192.168.1.20/', 'x')).toMatchObject({ ok: false, error: expect.stringContaining('http://') });
    expect(serverFromInput('http://user:pw@192.168.1.20/', 'x')).toMatchObject({ ok: false, error: expect.stringContaining('user name') });
    expect(serverFromInput('http://[bad', 'x')).toMatchObject({ ok: false, error: expect.stringContaining('is not an address') });
  });

  it("reads only its own form's navigations", () => {
    expect(readConnectSubmission(`${CONNECT_ORIGIN}/submit?address=a&token=b`)).toEqual({ kind: 'connect', address: 'a', token: 'b' });
    expect(readConnectSubmission(`${CONNECT_ORIGIN}/cancel`)).toEqual({ kind: 'cancel' });
    expect(readConnectSubmission('http://192.168.1.20:9901/submit?address=a')).toBeNull();
    expect(readConnectSubmission('javascript:alert(1)')).toBeNull();
  });

  it('is a page without script, its form posting only to the address the app intercepts, text escaped', () => {
    const html = page(connectPageUrl({ address: '"><script>x()</script>', error: 'Cannot reach <b>it</b>' }));
    expect(html).toContain(`form-action ${CONNECT_ORIGIN}`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;"');
    expect(html).toContain('Cannot reach &lt;b&gt;it&lt;/b&gt;');
    expect(html).toContain('type="password"');
  });
});
