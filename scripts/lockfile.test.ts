import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` installs exactly the lockfile. A lockfile written by an `npm install`
 * that pruned other platforms' optional packages (esbuild's, rollup's,
 * lightningcss's binaries) installs here and fails on a Mac or on Windows.
 * Every optional dependency any package declares must have its own entry.
 */
type Entry = { optionalDependencies?: Record<string, string>; os?: string[] };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { lockfileVersion: number; packages: Record<string, Entry> };

/** Where Node would find `dep` from the package at `path`: its own node_modules, then each parent's, then the top. */
function resolve(path: string, dep: string): string | undefined {
  let at = path;
  for (;;) {
    const candidate = `${at === '' ? '' : `${at}/`}node_modules/${dep}`;
    if (candidate in lock.packages) return candidate;
    if (at === '') return undefined;
    const i = at.lastIndexOf('/node_modules/');
    at = i < 0 ? '' : at.slice(0, i);
  }
}

describe('the committed lockfile serves npm ci on every platform', () => {
  it('is a v3 lockfile', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('has an entry for every optional dependency of every package (no platform pruned)', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) if (resolve(path, dep) === undefined) missing.push(`${path || '(root)'} -> ${dep}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the macOS, Windows and Linux binaries of the build tools', () => {
    const oses = new Set(Object.values(lock.packages).flatMap((e) => e.os ?? []));
    for (const os of ['darwin', 'win32', 'linux']) expect(oses).toContain(os);
  });
});
