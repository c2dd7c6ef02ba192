/**
 * `npm run -s layers`: the import graph between the layers of `src`, and any
 * arrow that points the wrong way. Exit code 1 when there is one.
 *
 * The layers and what each may import (DESIGN.md, "Arrows point one way"):
 * the domain (`core`) imports nothing outside itself; the UI reaches the
 * worker only through the protocol (and the worker API's type); the worker
 * adapts core, feeds and storage. Tests are left out: a test may use another
 * layer's test kit. Only relative imports are followed: packages are not a
 * layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  protocol: ['core'],
  feeds: ['core', 'protocol'],
  storage: ['core', 'protocol'],
  worker: ['core', 'feeds', 'storage', 'protocol'],
  ui: ['core', 'protocol'],
  relay: ['core', 'protocol'],
  // Node-only tools and test support: anything but the UI and the e2e tests (top-level configs such as playwright.config.ts too).
  cli: ['core', 'feeds', 'storage', 'worker', 'protocol', 'relay', 'testing', 'root'],
  testing: ['core', 'feeds', 'storage', 'worker', 'protocol', 'relay'],
};

/** Type-only imports the layering allows besides: the UI names the worker API's type (it never runs worker code). */
export const TYPE_ONLY: Record<string, readonly string[]> = { ui: ['worker'] };

export interface Arrow {
  from: string;
  to: string;
  file: string;
  spec: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'data') out.push(...sources(p));
    } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !/testkit|testenv/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * The layer a file or folder belongs to: its first folder under src
 * (`src/core/...` and the folder `src/feeds` itself alike), `e2e` for the
 * end-to-end tests, `root` for the project's top-level files (configs).
 */
function layerOf(srcDir: string, path: string): string {
  const rel = relative(srcDir, path);
  if (rel.startsWith('..')) return relative(resolve(srcDir, '..'), path).split(sep)[0] === 'e2e' ? 'e2e' : 'root';
  return rel.split(sep)[0];
}

/** Every relative import between two different places, with the layers at its ends (null: outside src). */
export function arrows(srcDir: string): Arrow[] {
  const out: Arrow[] = [];
  for (const file of sources(srcDir)) {
    const from = layerOf(srcDir, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3];
      const target = resolve(dirname(file), spec);
      const to = layerOf(srcDir, target);
      if (to === from) continue;
      out.push({ from, to, file: relative(srcDir, file), spec, typeOnly: m[2] !== undefined });
    }
  }
  return out;
}

/** The arrows no rule allows. */
export function violations(all: readonly Arrow[]): Arrow[] {
  return all.filter((a) => {
    const allowed = ALLOWED[a.from];
    if (allowed === undefined) return true; // a new layer must say what it may import
    if (allowed.includes(a.to)) return false;
    return !(a.typeOnly && (TYPE_ONLY[a.from] ?? []).includes(a.to));
  });
}

function main(): void {
  const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const all = arrows(srcDir);
  const counts = new Map<string, number>();
  for (const a of all) {
    const k = `${a.from} -> ${a.to}${a.typeOnly ? ' (types)' : ''}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const [k, n] of [...counts].sort()) console.log(`${k.padEnd(32)} ${n}`);
  const bad = violations(all);
  for (const a of bad) console.log(`NOT ALLOWED: ${a.from} -> ${a.to}: src/${a.file} imports ${a.spec}`);
  console.log(bad.length === 0 ? 'layers: every arrow points down' : `layers: ${bad.length} arrow(s) point the wrong way`);
  process.exitCode = bad.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
