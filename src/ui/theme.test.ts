// The theme reads the stored choice and the system's scheme at import and sets
// the page's data-theme: the test gives it a localStorage, a media query and a
// root element, then imports it afresh for each case.
import { afterEach, describe, expect, it, vi } from 'vitest';

function page(opts: { stored?: string | null; dark?: boolean; storageThrows?: boolean }) {
  const attrs = new Map<string, string>();
  const stored = new Map<string, string>();
  if (opts.stored != null) stored.set('bourse.theme', opts.stored);
  const media = Object.assign(new EventTarget(), { matches: opts.dark ?? false });
  const refuse = () => {
    throw new DOMException('denied', 'SecurityError');
  };
  vi.stubGlobal('localStorage', {
    getItem: opts.storageThrows ? refuse : (k: string) => stored.get(k) ?? null,
    setItem: opts.storageThrows ? refuse : (k: string, v: string) => stored.set(k, v),
  });
  vi.stubGlobal('matchMedia', () => media);
  vi.stubGlobal('document', { documentElement: { setAttribute: (k: string, v: string) => attrs.set(k, v) } });
  return {
    scheme: () => attrs.get('data-theme'),
    stored: () => stored.get('bourse.theme'),
    systemTurns(dark: boolean) {
      media.matches = dark;
      media.dispatchEvent(new Event('change'));
    },
  };
}

async function load() {
  vi.resetModules();
  return import('./theme');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the colour theme', () => {
  it('nothing stored: the system’s scheme, and it follows the system when that changes', async () => {
    const p = page({ dark: true });
    const t = await load();
    expect(t.theme()).toBe('system');
    expect(p.scheme()).toBe('dark');
    p.systemTurns(false);
    expect(p.scheme()).toBe('light');
  });

  it('a stored choice wins over the system, also when the system changes; junk stored is the system', async () => {
    const p = page({ stored: 'light', dark: true });
    const t = await load();
    expect(t.theme()).toBe('light');
    expect(p.scheme()).toBe('light');
    p.systemTurns(true);
    expect(p.scheme()).toBe('light');
    page({ stored: '<script>' });
    expect((await load()).theme()).toBe('system');
  });

  it('setTheme applies the choice and stores it; back to system follows the system again', async () => {
    const p = page({ dark: false });
    const t = await load();
    t.setTheme('dark');
    expect(t.theme()).toBe('dark');
    expect(p.scheme()).toBe('dark');
    expect(p.stored()).toBe('dark');
    t.setTheme('system');
    expect(p.scheme()).toBe('light');
    expect(p.stored()).toBe('system');
  });

  it('storage refused (private mode): the system’s scheme, and a choice still applies for this visit', async () => {
    const p = page({ dark: true, storageThrows: true });
    const t = await load();
    expect(t.theme()).toBe('system');
    expect(() => t.setTheme('light')).not.toThrow();
    expect(t.theme()).toBe('light');
    expect(p.scheme()).toBe('light');
  });
});
