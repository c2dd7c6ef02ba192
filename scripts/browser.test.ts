import { describe, expect, it } from 'vitest';
import { decide, locateChromium, type Machine } from './browser';

/** A machine described by what it has. */
function machine(o: Partial<Machine> & { files?: string[]; dirs?: Record<string, string[]>; commands?: string[] } = {}): Machine {
  const files = new Set(o.files ?? []);
  const commands = new Set(o.commands ?? []);
  return {
    platform: o.platform ?? 'linux',
    env: o.env ?? {},
    home: o.home ?? '/home/me',
    isRoot: o.isRoot ?? false,
    isDebian: o.isDebian ?? true,
    exists: (p) => files.has(p),
    list: (d) => o.dirs?.[d] ?? [],
    onPath: (c) => commands.has(c),
  };
}

describe('finding a browser', () => {
  it('takes CHROMIUM_PATH when it exists, before any system browser', () => {
    const m = machine({ env: { CHROMIUM_PATH: '/opt/c/chrome' }, files: ['/opt/c/chrome', '/usr/bin/chromium'], commands: ['openssl', 'redis-server'] });
    expect(decide(m)).toEqual({ kind: 'ready', chromium: '/opt/c/chrome' });
  });

  it('finds Debian’s chromium, then the other usual system paths', () => {
    expect(locateChromium(machine({ files: ['/usr/bin/chromium', '/usr/bin/google-chrome'] }))).toBe('/usr/bin/chromium');
    expect(locateChromium(machine({ files: ['/usr/bin/google-chrome-stable'] }))).toBe('/usr/bin/google-chrome-stable');
  });

  it('finds Playwright’s own download, the newest first', () => {
    const root = '/home/me/.cache/ms-playwright';
    const m = machine({ dirs: { [root]: ['chromium-1140', 'chromium-1187', 'ffmpeg-1011'] }, files: [`${root}/chromium-1140/chrome-linux/chrome`, `${root}/chromium-1187/chrome-linux/chrome`] });
    expect(locateChromium(m)).toBe(`${root}/chromium-1187/chrome-linux/chrome`);
  });

  it('looks in PLAYWRIGHT_BROWSERS_PATH and in macOS’s own places', () => {
    expect(locateChromium(machine({ env: { PLAYWRIGHT_BROWSERS_PATH: '/pw' }, dirs: { '/pw': ['chromium-1'] }, files: ['/pw/chromium-1/chrome-linux/chrome'] }))).toBe('/pw/chromium-1/chrome-linux/chrome');
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(locateChromium(machine({ platform: 'darwin', files: [chrome] }))).toBe(chrome);
  });
});

describe('what to do when something is missing', () => {
  it('as root on Debian: installs only what is missing with apt-get, saying so', () => {
    const m = machine({ isRoot: true, commands: ['apt-get'] });
    expect(decide(m)).toEqual({
      kind: 'install', chromium: null, packages: ['chromium', 'openssl', 'redis-server'],
      commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', 'chromium', 'openssl', 'redis-server']],
    });
    const onlyOpenssl = machine({ isRoot: true, commands: ['apt-get', 'redis-server'], files: ['/usr/bin/chromium'] });
    expect(decide(onlyOpenssl)).toMatchObject({ kind: 'install', chromium: '/usr/bin/chromium', packages: ['openssl'] });
    const onlyRedis = machine({ isRoot: true, commands: ['apt-get', 'openssl'], files: ['/usr/bin/chromium'] });
    expect(decide(onlyRedis)).toMatchObject({ kind: 'install', packages: ['redis-server'], commands: [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', 'redis-server']] });
  });

  it('on Debian without root: stops with the sudo command', () => {
    expect(decide(machine({ commands: ['apt-get', 'openssl', 'redis-server'] }))).toEqual({ kind: 'stop', missing: ['chromium'], fix: 'sudo apt-get update && sudo apt-get install -y chromium' });
  });

  it('elsewhere: stops with Playwright’s installer (and the platform’s openssl)', () => {
    expect(decide(machine({ platform: 'darwin', isDebian: false, commands: ['openssl', 'redis-server'] }))).toEqual({ kind: 'stop', missing: ['chromium'], fix: 'npx playwright install chromium' });
    expect(decide(machine({ platform: 'darwin', isDebian: false }))).toMatchObject({ fix: 'npx playwright install chromium && brew install openssl && brew install redis' });
    expect(decide(machine({ platform: 'linux', isDebian: false, isRoot: true, files: ['/usr/bin/chromium'] }))).toMatchObject({ kind: 'stop', missing: ['openssl', 'redis-server'] });
  });

  it('a CHROMIUM_PATH that points nowhere is reported, not replaced by another browser', () => {
    const m = machine({ env: { CHROMIUM_PATH: '/nope' }, files: ['/usr/bin/chromium'], commands: ['openssl', 'redis-server'], isRoot: true });
    expect(decide(m)).toMatchObject({ kind: 'stop', missing: ['chromium'], fix: expect.stringContaining('/nope') });
  });
});
