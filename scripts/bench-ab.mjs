#!/usr/bin/env node
/**
 * `npm run bench` before and after a change, in one run: both benches are
 * bundled as `npm run bench` bundles them (the older one from a git worktree
 * of `--before`), then run in alternation, so that a noisy neighbour hurts
 * both alike; the figures both print are compared by their medians (and the
 * best of each), and one JSON line comes last.
 *
 *   node scripts/bench-ab.mjs --before=4c46aa5 [--runs=5] [--full]
 *
 * By default each run is the engine (ours, ours with its journal, and the
 * peer, whose figure is the same code in both and so shows how noisy the
 * machine was; 1,000 resting orders), then the simulation's session and day
 * through one harness (src/cli/benchAbSim.ts) bundled with each tree, in a process
 * of its own: an older bench ran its sim after its engine, on the engine's
 * garbage and warmed code, and cut short (fewer operations) it simulated half
 * an hour only. `--full` runs each side's whole bench (long), as `npm run
 * bench` does. The worktree is removed at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = new Map(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) fail(`unknown argument ${a}`);
  return [m[1], m[2] ?? 'true'];
}));
for (const k of args.keys()) if (!['before', 'runs', 'full'].includes(k)) fail(`unknown flag --${k}`);
const before = args.get('before');
if (!before || !/^[\w./^~-]+$/.test(before)) fail('--before=<git revision> is needed (e.g. --before=4c46aa5)');
const runs = Number(args.get('runs') ?? 5);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) fail('--runs must be a whole number from 1 to 50');
const full = args.has('full');

function fail(msg) {
  console.error(`bench-ab: ${msg}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
const git = (...a) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8' }).trim();
const rev = git('rev-parse', '--verify', `${before}^{commit}`);
const head = git('rev-parse', 'HEAD');
const work = mkdtempSync(join(tmpdir(), 'bench-ab-'));
const tree = join(work, 'before');
const bundles = { before: join(work, 'before.cjs'), after: join(work, 'after.cjs') };
const sims = { before: join(work, 'before-sim.mjs'), after: join(work, 'after-sim.mjs') };

const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
function bundle(dir, out) {
  execFileSync(esbuild, ['src/cli/bench.ts', '--bundle', '--platform=node', '--format=cjs', '--log-level=warning', `--outfile=${out}`], { cwd: dir, stdio: 'inherit' });
}
/** The sim harness, bundled from inside the tree (as src/cli/benchAbSim.ts) against that tree's sim. */
function bundleSim(dir, out) {
  const at = join(dir, 'src', 'cli', 'benchAbSim.ts');
  if (dir !== root) copyFileSync(join(root, 'src', 'cli', 'benchAbSim.ts'), at);
  try {
    execFileSync(esbuild, [at, '--bundle', '--platform=node', '--format=esm', '--log-level=warning', `--outfile=${out}`], { cwd: dir, stdio: 'inherit' });
  } finally {
    if (dir !== root) rmSync(at);
  }
}

/** The last JSON line a bench printed, as numbers only. */
function figures(stdout) {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line === undefined) throw new Error(`no JSON line in:\n${stdout.slice(-2000)}`);
  return Object.fromEntries(Object.entries(JSON.parse(line)).filter(([, v]) => typeof v === 'number'));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Figures where a smaller number is better (wall seconds); every other figure is a rate. */
const lowerIsBetter = (k) => /^sim_(session|day24)_wall_s$|_cpu_s/.test(k);
const SKIP = ['--no-indicators', '--no-strategies', '--no-backtest'];
/** What each side runs for one run: its commands' figures are merged. */
const plan = (side) => full
  ? [[bundles[side]]]
  : [[bundles[side], '--cases=1000', '--no-sim', ...SKIP], ['--expose-gc', sims[side]]];
const simKeys = /^sim_/;

try {
  git('worktree', 'add', '--detach', tree, rev);
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
  bundle(tree, bundles.before);
  bundle(root, bundles.after);
  if (!full) {
    bundleSim(tree, sims.before);
    bundleSim(root, sims.after);
  }
  const seen = { before: [], after: [] };
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so neither always runs on a machine the other just warmed.
    for (const side of r % 2 === 0 ? ['before', 'after'] : ['after', 'before']) {
      const merged = {};
      for (const [i, argv] of plan(side).entries()) {
        const p = spawnSync(process.execPath, ['--max-semi-space-size=64', ...argv], { cwd: side === 'before' ? tree : root, encoding: 'utf8', maxBuffer: 64 << 20 });
        if (p.status !== 0) throw new Error(`the ${side} bench exited with ${p.status ?? p.signal}:\n${p.stderr.slice(-2000)}`);
        // Without --full the first command gives the engine's figures and the second the sim's.
        for (const [k, v] of Object.entries(figures(p.stdout))) if (full || (i === 0) !== simKeys.test(k)) merged[k] = v;
      }
      seen[side].push(merged);
      console.log(`run ${r + 1}/${runs} ${side}: ${JSON.stringify(seen[side].at(-1))}`);
    }
  }
  const keys = Object.keys(seen.before[0]).filter((k) => k in seen.after[0] && !['ops', 'runs', 'case_resting'].includes(k));
  const out = { before: rev.slice(0, 12), after: head.slice(0, 12), runs, load: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100) };
  console.log(`\n${'figure'.padEnd(24)} ${'before (median, best)'.padEnd(26)} ${'after (median, best)'.padEnd(26)} after / before`);
  for (const k of keys) {
    const b = seen.before.map((f) => f[k]);
    const a = seen.after.map((f) => f[k]);
    const best = lowerIsBetter(k) ? Math.min : Math.max;
    const ratio = median(a) / median(b);
    out[k] = { before: median(b), before_best: best(...b), after: median(a), after_best: best(...a), ratio: Math.round(ratio * 1000) / 1000 };
    console.log(`${k.padEnd(24)} ${`${median(b)}, ${best(...b)}`.padEnd(26)} ${`${median(a)}, ${best(...a)}`.padEnd(26)} ${ratio.toFixed(3)}${lowerIsBetter(k) ? ' (lower is better)' : ''}`);
  }
  console.log(JSON.stringify(out));
} finally {
  spawnSync('git', ['-C', root, 'worktree', 'remove', '--force', tree]);
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
