// Lighthouse on the built app, like a bench: serves dist/ with `vite preview`, runs
// Lighthouse 12.8.0 (through npx: it is not a dependency) at mobile (its default:
// a slow phone, throttled) and desktop, N runs each, and prints one JSON line with
// the median of each score (0–100): performance, accessibility, best practices.
//
//   npx vite build && node scripts/lighthouse.mjs [--runs 3] [--port 4333]
//
// CHROME_PATH picks the browser (default /usr/bin/chromium when it exists). Each
// run's report is kept as JSON in the OS temp folder; the path is printed to stderr.
// Not part of `npm test`: a score depends on the machine and its load.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LIGHTHOUSE = 'lighthouse@12.8.0';
const CATEGORIES = { performance: 'perf', accessibility: 'a11y', 'best-practices': 'bp' };

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const runs = arg('runs', 3);
const port = arg('port', 4333);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(port)) {
  console.error('usage: node scripts/lighthouse.mjs [--runs N] [--port P]');
  process.exit(2);
}
if (!existsSync('dist/index.html')) {
  console.error('No dist/: build the app first (npx vite build).');
  process.exit(2);
}
const env = { ...process.env };
if (!env.CHROME_PATH && existsSync('/usr/bin/chromium')) env.CHROME_PATH = '/usr/bin/chromium';
const url = `http://localhost:${port}/`;
const out = mkdtempSync(join(tmpdir(), 'bourse-lighthouse-'));

/** Resolves once the preview answers, or rejects after 30 s. */
async function waitFor(target) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await globalThis.fetch(target)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${target} did not answer within 30 s`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One Lighthouse run; its three scores (0–100). */
function lighthouse(form, i) {
  const file = join(out, `${form}-${i}.json`);
  const flags = [
    '-y', LIGHTHOUSE, url, '--quiet', '--output=json', `--output-path=${file}`,
    '--only-categories=performance,accessibility,best-practices',
    '--chrome-flags=--headless --no-sandbox',
  ];
  if (form === 'desktop') flags.push('--preset=desktop');
  const r = spawnSync('npx', flags, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`lighthouse (${form}, run ${i + 1}) exited with ${r.status}`);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return Object.fromEntries(Object.keys(CATEGORIES).map((c) => [c, Math.round(report.categories[c].score * 100)]));
}

// Its own process group, so that stopping it stops vite's children too.
const preview = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
try {
  await waitFor(url);
  const line = {};
  for (const form of ['mobile', 'desktop']) {
    const each = [];
    for (let i = 0; i < runs; i++) each.push(lighthouse(form, i));
    for (const [c, short] of Object.entries(CATEGORIES)) {
      line[`${short}_${form}`] = median(each.map((s) => s[c]));
      line[`${short}_${form}_runs`] = each.map((s) => s[c]);
    }
  }
  console.error(`reports: ${out}`);
  console.log(JSON.stringify({ runs, ...line }));
} finally {
  process.kill(-preview.pid, 'SIGTERM');
}
