import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JSON_KEYS, main, parseBacktestArgs, parseSweep } from './backtest';
import { builtinStrategy } from '../core/strategy/registry';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const GOOG = join(ROOT, 'src/core/backtest/samples/GOOG.csv');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/backtest.ts');
const KEYS = [
  'trades', 'return_pct', 'buy_hold_return_pct', 'equity_final', 'equity_peak', 'max_drawdown_pct', 'win_rate_pct', 'exposure_pct',
  'sharpe', 'sortino', 'calmar', 'cagr_pct', 'profit_factor', 'expectancy_pct', 'sqn', 'kelly',
];

/** The command as a person runs it: its own process, its exit code, its two streams. */
async function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run backtest', () => {
  it('the issue keys, exactly, in one JSON line last; backtesting.py SmaCross(10, 30) makes its 66 trades on GOOG', async () => {
    expect(JSON_KEYS.map(([k]) => k)).toEqual(KEYS);
    const r = await spawnCli(['--data', GOOG, '--strategy', 'sma-cross', '--params', 'fast=10,slow=30,short=true', '--cash', '10000', '--commission', '0.002', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = lastJson(r.stdout);
    expect(Object.keys(line)).toEqual(KEYS);
    expect(line.trades).toBe(66);
    for (const k of KEYS) expect(line[k] === null || typeof line[k] === 'number', k).toBe(true);
    // Unrounded: the equity is money after a 0.2 % commission on every fill, not a round figure.
    expect(Number.isInteger((line.equity_final as number) * 100)).toBe(false);
    // The human lines come first: backtesting.py's labels.
    expect(r.stdout).toMatch(/# Trades\s+66/);
  }, 60_000);

  it('a sweep on 2 workers answers what it answers on 1: the same best set, the same run count', async () => {
    const args = ['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=5:20:5,slow=20:60:10', '--params', 'short=true', '--json'];
    const [one, two] = await Promise.all([spawnCli([...args, '--workers', '1']), spawnCli([...args, '--workers', '2'])]);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const a = lastJson(one.stdout);
    const b = lastJson(two.stdout);
    expect(b).toEqual(a);
    // 4 fast × 5 slow = 20 combinations, of which (20, 20) breaks fast < slow.
    expect(a).toMatchObject({ runs: 19, skipped: 1, maximize: 'sqn' });
    expect(Object.keys(a.best as object)).toEqual(KEYS);
    expect(one.stdout).toMatch(/^Sweep of sma-cross over GOOG\.csv, 2,148 bars from 2004-08-19 to 2013-03-01: 19 runs/);
    expect(two.stdout).toMatch(/on 2 workers/);
  }, 90_000);

  it('a bad argument exits 2 with one clear line on stderr (as its own process)', async () => {
    const r = await spawnCli(['--data', GOOG, '--strategy', 'sma-cross', '--cash', '-5']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('backtest: --cash must be an amount above 0 (got "-5").');
  }, 60_000);

  it('bad arguments and bad files: exit 2, the reason first on stderr, nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bourse-backtest-'));
    const badRow = join(dir, 'bad.csv');
    writeFileSync(badRow, 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,10,9.5,10,10,100\n');
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const cases: [string[], RegExp][] = [
      [[], /^backtest: Which data\?/],
      [['--data', GOOG], /^backtest: Which strategy\? --strategy is one of sma-cross, /],
      [['--data', GOOG, '--strategy', 'moon'], /Unknown strategy "moon"/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--frobnicate'], /Unknown argument "--frobnicate"/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--params', 'fast=30,slow=10'], /fast average must be shorter than the slow one/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--params', 'speed=3'], /Unknown parameter "speed"/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--commission', 'lots'], /--commission must be a rate/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--from', '2010-02-30'], /--from is not a date/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--from', '2012-01-01', '--to', '2011-01-01'], /--from is after --to/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--from', '2020-01-01'], /has 0 bars between --from and --to/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--workers', '2'], /--workers goes with --sweep/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=5:1:1'], /--sweep: fast: from \(5\) is above to \(1\)/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=5:10'], /a range is from:to:step with three numbers/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=20:30:5', '--params', 'slow=10'], /every one of the 3 combinations was refused: The fast average/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=5:10:5', '--maximize', 'luck'], /--maximize is one of trades, return_pct/],
      [['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=5:10:5', '--workers', '0'], /--workers must be a whole number from 1 to 64/],
      [['--data', join(dir, 'nope.csv'), '--strategy', 'sma-cross'], /cannot read .*nope\.csv: no such file/],
      [['--data', dir, '--strategy', 'sma-cross'], /cannot read .*: it is a folder/],
      [['--data', badRow, '--strategy', 'sma-cross'], /bad\.csv: Line 3: high \(9\.5\) is below low \(10\)$/],
      [['--data', empty, '--strategy', 'sma-cross'], /empty\.csv: The file is empty\.$/],
      [['--data'], /--data needs a value/],
    ];
    for (const [argv, want] of cases) {
      const r = await main(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0], argv.join(' ')).toMatch(want);
    }
  });

  it('--random N draws N sets, seeded: the same seed, the same answer; --from/--to cut the data', async () => {
    const argv = ['--data', GOOG, '--strategy', 'sma-cross', '--sweep', 'fast=2:40:1,slow=10:200:5', '--random', '12', '--seed', '4', '--from', '2006-01-01', '--to', '2008-12-31', '--json'];
    const a = await main(argv);
    expect(a.stderr).toBe('');
    expect(lastJson(a.stdout)).toMatchObject({ runs: 12 });
    // 755 rows of GOOG.csv are dated 2006-01-01 … 2008-12-31 (awk -F, '$1 >= "2006-01-01" && $1 <= "2008-12-31"' | wc -l).
    expect(a.stdout).toMatch(/GOOG\.csv, 755 bars from 2006-01-03 to 2008-12-31/);
    expect((await main(argv)).stdout.split('\n').at(-2)).toBe(a.stdout.split('\n').at(-2));
  });

  it('reads ranges and lists; a sweep keeps only the --params written, as fixed values', () => {
    const def = builtinStrategy('sma-cross')!;
    const s = parseSweep(def, 'fast=5:30:5, short=true|false');
    expect(s.ok && [...s.ranges]).toEqual([['fast', { from: 5, to: 30, step: 5 }], ['short', [true, false]]]);
    const a = parseBacktestArgs(['--data', 'x.csv', '--strategy', 'sma-cross', '--sweep', 'fast=5:10:5', '--params', 'slow=40', '--workers', '2', '--maximize', 'sharpe']);
    expect(a.ok && { ...a.args.params }).toEqual({ slow: 40 });
    expect(a.ok && [a.args.workers, a.args.maximize, a.args.seed, a.args.random]).toEqual([2, 'sharpe', 1, null]);
    const d = parseBacktestArgs(['--data', 'x.csv', '--strategy', 'sma-cross', '--from', '2010-01-04', '--to', '2010-01-05', '--trade-on-close', '--spread-bps', '5']);
    expect(d.ok && [d.args.from, d.args.to]).toEqual([Date.UTC(2010, 0, 4), Date.UTC(2010, 0, 6) - 1]);
    expect(d.ok && d.args.config).toEqual({ tradeOnClose: true, spreadBps: 5 });
  });
});
