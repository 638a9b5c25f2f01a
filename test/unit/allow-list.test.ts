import { describe, expect, it } from 'vitest';
import { AllowListError, parseAllowList } from '../../server/settings/allow-list';

describe('--allow-from', () => {
  it('serves addresses inside the ranges and no others', () => {
    const list = parseAllowList(['10.0.0.0/8', '192.168.1.20', 'fd00::/8']);
    expect(list.allows('10.1.2.3')).toBe(true);
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('192.168.1.20')).toBe(true);
    expect(list.allows('192.168.1.21')).toBe(false);
    expect(list.allows('fd00::5')).toBe(true);
    expect(list.allows('8.8.8.8')).toBe(false);
  });

  it('refuses entries that would silently let everyone in or mean nothing', () => {
    for (const bad of ['10.0.0.1/', '10.0.0.0/8/9', '10.0.0.0/33', '10.0.0.0/+8', 'nonsense', '300.1.1.1']) {
      expect(() => parseAllowList([bad]), bad).toThrow(AllowListError);
    }
  });

  it('serves everyone when no list is set', () => {
    expect(parseAllowList([]).allows('8.8.8.8')).toBe(true);
  });
});
