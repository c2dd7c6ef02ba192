/**
 * What the tests need from the machine — a Chromium for Playwright, openssl
 * for the mock venue's throwaway certificate, and redis-server for the
 * relay's tests of two instances on one Redis — and what to do when one is
 * missing. `decide` is pure (the machine is described to it), so each
 * decision is unit-tested; `probeMachine` describes this machine; the
 * Playwright config asks `findChromium` for the browser, and `npm test` runs
 * ensure-tools.ts first, which installs what it can or stops with the one
 * command that fixes it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type Platform = 'linux' | 'darwin' | 'win32' | string;

/** This machine as the decision needs it; every probe injected for tests. */
export interface Machine {
  platform: Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  isRoot: boolean;
  /** /etc/debian_version exists (Debian, Ubuntu and their kin: apt-get is the package manager). */
  isDebian: boolean;
  exists(path: string): boolean;
  /** The entries of a directory ([] when it is not one). */
  list(dir: string): string[];
  /** Whether a command is on the PATH. */
  onPath(command: string): boolean;
}

export type Decision =
  | { kind: 'ready'; chromium: string }
  | { kind: 'install'; chromium: string | null; packages: string[]; commands: string[][] }
  | { kind: 'stop'; missing: string[]; fix: string };

/** Where system browsers live, by platform, in the order they are tried. */
function systemPaths(m: Machine): string[] {
  if (m.platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      join(m.home, 'Applications/Chromium.app/Contents/MacOS/Chromium'),
    ];
  }
  if (m.platform === 'win32') {
    const roots = [m.env.PROGRAMFILES, m.env['PROGRAMFILES(X86)'], m.env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
}

/** Playwright's own download cache (`npx playwright install chromium` puts browsers there). */
function playwrightCache(m: Machine): string[] {
  const root =
    m.env.PLAYWRIGHT_BROWSERS_PATH ??
    (m.platform === 'darwin'
      ? join(m.home, 'Library', 'Caches', 'ms-playwright')
      : m.platform === 'win32'
        ? join(m.env.LOCALAPPDATA ?? join(m.home, 'AppData', 'Local'), 'ms-playwright')
        : join(m.home, '.cache', 'ms-playwright'));
  const inside =
    m.platform === 'darwin'
      ? ['chrome-mac/Chromium.app/Contents/MacOS/Chromium', 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing']
      : m.platform === 'win32'
        ? ['chrome-win/chrome.exe', 'chrome-win64/chrome.exe']
        : ['chrome-linux/chrome', 'chrome-linux64/chrome'];
  // Newest first: chromium-1187 before chromium-1140.
  const dirs = m.list(root).filter((d) => /^chromium-\d+$/.test(d)).sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
  return dirs.flatMap((d) => inside.map((p) => join(root, d, p)));
}

/** The Chromium to drive: CHROMIUM_PATH when set (and there), else a system one, else Playwright's; null when none. */
export function locateChromium(m: Machine): string | null {
  const wanted = m.env.CHROMIUM_PATH;
  if (wanted) return m.exists(wanted) ? wanted : null;
  return [...systemPaths(m), ...playwrightCache(m)].find((p) => m.exists(p)) ?? null;
}

/**
 * What to do: nothing (all there), install with apt-get (Debian-like, as root:
 * the way CI and containers run), or stop with the one command that fixes it.
 * A CHROMIUM_PATH that points nowhere is a mistake to fix, not to paper over.
 */
export function decide(m: Machine): Decision {
  const chromium = locateChromium(m);
  const openssl = m.onPath('openssl');
  const redis = m.onPath('redis-server');
  if (chromium !== null && openssl && redis) return { kind: 'ready', chromium };
  if (m.env.CHROMIUM_PATH && chromium === null) {
    return { kind: 'stop', missing: ['chromium'], fix: `CHROMIUM_PATH is ${m.env.CHROMIUM_PATH}, which does not exist: point it at a Chromium or Chrome binary, or unset it.` };
  }
  const missing = [...(chromium === null ? ['chromium'] : []), ...(openssl ? [] : ['openssl']), ...(redis ? [] : ['redis-server'])];
  if (m.platform === 'linux' && m.isDebian) {
    const apt = ['apt-get', 'install', '-y', ...missing];
    if (m.isRoot && m.onPath('apt-get')) return { kind: 'install', chromium, packages: missing, commands: [['apt-get', 'update', '-qq'], apt] };
    return { kind: 'stop', missing, fix: `sudo apt-get update && sudo ${apt.join(' ')}` };
  }
  const fixes: string[] = [];
  if (chromium === null) fixes.push('npx playwright install chromium');
  if (!openssl) fixes.push(m.platform === 'darwin' ? 'brew install openssl' : m.platform === 'win32' ? 'winget install ShiningLight.OpenSSL.Light' : 'install openssl with your package manager');
  if (!redis) fixes.push(m.platform === 'darwin' ? 'brew install redis' : m.platform === 'win32' ? 'run the tests in WSL, where apt-get install redis-server works' : 'install redis-server with your package manager');
  return { kind: 'stop', missing, fix: fixes.join(' && ') };
}

/** This machine. */
export function probeMachine(): Machine {
  const env = process.env;
  const exists = (p: string) => existsSync(p);
  return {
    platform: process.platform,
    env,
    home: homedir(),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    isDebian: existsSync('/etc/debian_version'),
    exists,
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    onPath: (cmd) => {
      const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
      return (env.PATH ?? '').split(delimiter).some((d) => d !== '' && exts.some((x) => exists(join(d, cmd + x))));
    },
  };
}

/** For the Playwright config: the browser this machine has (ensure-tools.ts has made sure there is one). */
export function findChromium(): string | undefined {
  return locateChromium(probeMachine()) ?? undefined;
}
