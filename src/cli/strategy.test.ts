import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseStrategyArgs } from './strategy';

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('npm run strategy', () => {
  it('runs a built-in live in a headless sim and prints one JSON line last; the same arguments print the same line', async () => {
    const argv = ['--seed', '5', '--symbol', 'MEME', '--strategy', 'sma-cross', '--params', 'fast=3,slow=9', '--hours', '2', '--json'];
    const a = await main(argv);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const line = lastJson(a.stdout);
    expect(line).toMatchObject({ seed: 5, symbol: 'MEME', strategy: 'sma-cross', params: { fast: 3, slow: 9, short: false }, hours: 2, budget: 10_000, status: 'running' });
    for (const k of ['trades', 'pnl', 'fees', 'equity_final']) expect(typeof line[k]).toBe('number');
    expect(line.trades).toBeGreaterThan(0);
    expect(line.equity_final).toBeCloseTo(10_000 + (line.pnl as number), 6);
    expect((await main(argv)).stdout).toBe(a.stdout);
    expect(lastJson((await main([...argv.slice(0, 1), '6', ...argv.slice(2)])).stdout).state_hash).not.toBe(line.state_hash);
  });

  it('runs a person\'s file (--code) in a sandbox thread, in lockstep with the sim: the same arguments print the same line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bourse-cli-'));
    const file = join(dir, 'cross.js');
    writeFileSync(file, `return {
  name: 'my-cross',
  params: { fast: { type: 'integer', default: 3, min: 2, max: 50 }, slow: { type: 'integer', default: 9, min: 3, max: 200 } },
  init(ctx) { return { f: ctx.ind.sma(ctx.params.fast), s: ctx.ind.sma(ctx.params.slow) }; },
  onBar(ctx) {
    const { f, s } = ctx.indicators;
    if (!s.ready) return;
    if (f.prev(1) <= s.prev(1) && f.value > s.value && ctx.position.units <= 0) ctx.buy({ reason: 'up' });
    else if (s.prev(1) <= f.prev(1) && s.value > f.value && ctx.position.units > 0) ctx.close('down');
  },
};`);
    const argv = ['--seed', '5', '--symbol', 'MEME', '--code', file, '--params', 'fast=3,slow=9', '--hours', '2', '--json'];
    const a = await main(argv);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const line = lastJson(a.stdout);
    expect(line).toMatchObject({ seed: 5, symbol: 'MEME', strategy: 'user:my-cross', params: { fast: 3, slow: 9 }, hours: 2, status: 'running', timeframe: '1m' });
    expect(line.trades).toBeGreaterThan(0);
    // Lockstep: the sandbox answers each bar before the sim steps on, so a second run is the same to the state hash.
    expect((await main(argv)).stdout).toBe(a.stdout);

    // A file that does not compile, exit 2 with the error; an unknown parameter of its declaration, exit 2; no file, exit 2.
    writeFileSync(join(dir, 'bad.js'), 'return {\n  name: "bad",\n  onBar(ctx) { ctx.buy( }\n};');
    const bad = await main(['--code', join(dir, 'bad.js')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.js: SyntaxError: /);
    const unknown = await main(['--code', file, '--params', 'speed=2']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'strategy: my-cross: Unknown parameter "speed"; it takes fast, slow.']);
    const missing = await main(['--code', join(dir, 'none.js')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/none\.js cannot be read/)]);
  }, 60_000);

  it('an unknown strategy, symbol or parameter, or a bad flag, is one clear line on stderr and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--strategy', 'moon'], /^strategy: Unknown strategy "moon"; the built-ins are sma-cross, /],
      [['--strategy', 'user:mine'], /your own code: --code FILE/],
      [['--strategy', 'sma-cross', '--code', 'x.js'], /not both/],
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
      const r = await main(argv);
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
