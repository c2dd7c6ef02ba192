import { describe, expect, it } from 'vitest';
import { main, parseStrategyArgs } from './strategy';

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run strategy', () => {
  it('runs a built-in live in a headless sim and prints one JSON line last; the same arguments print the same line', () => {
    const argv = ['--seed', '5', '--symbol', 'MEME', '--strategy', 'sma-cross', '--params', 'fast=3,slow=9', '--hours', '2', '--json'];
    const a = main(argv);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const line = lastJson(a.stdout);
    expect(line).toMatchObject({ seed: 5, symbol: 'MEME', strategy: 'sma-cross', params: { fast: 3, slow: 9, short: false }, hours: 2, budget: 10_000, status: 'running' });
    for (const k of ['trades', 'pnl', 'fees', 'equity_final']) expect(typeof line[k]).toBe('number');
    expect(line.trades).toBeGreaterThan(0);
    expect(line.equity_final).toBeCloseTo(10_000 + (line.pnl as number), 6);
    expect(main(argv).stdout).toBe(a.stdout);
    expect(lastJson(main([...argv.slice(0, 1), '6', ...argv.slice(2)]).stdout).state_hash).not.toBe(line.state_hash);
  });

  it('an unknown strategy, symbol or parameter, or a bad flag, is one clear line on stderr and exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['--strategy', 'moon'], /^strategy: Unknown strategy "moon"; the built-ins are sma-cross, /],
      [['--strategy', 'user:mine'], /user code runs in the app/],
      [['--strategy', 'sma-cross', '--symbol', 'NOPE'], /^strategy: Unknown symbol "NOPE"/],
      [['--strategy', 'sma-cross', '--params', 'fast=3,speed=2'], /^strategy: sma-cross: Unknown parameter "speed"; it takes fast, slow, short\./],
      [['--strategy', 'rsi-momentum', '--params', 'period=1'], /period must be a whole number from 2 to 100 \(got 1\)/],
      [['--strategy', 'sma-cross', '--hours', '0'], /--hours must be a number of hours above 0/],
      [['--strategy', 'sma-cross', '--timeframe', '3m'], /--timeframe must be one of/],
      [['--strategy', 'sma-cross', '--frobnicate'], /Unknown argument --frobnicate/],
      [['--symbol'], /--symbol needs a value/],
      [[], /Which strategy\?/],
    ];
    for (const [argv, want] of cases) {
      const r = main(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(want);
    }
  });

  it('fills the defaults', () => {
    const r = parseStrategyArgs(['--strategy', 'zscore-reversion']);
    expect(r.ok && r.args).toEqual({
      strategy: 'zscore-reversion', symbol: 'FUN', params: { window: 20, entry: 2, exit: 0.5 }, hours: 24, seed: 1, budget: 10_000, timeframe: '1m', json: false,
    });
  });
});
