import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { Store } from '../storage/store';
import { ALPACA_KEY, FEED_KEY, HANDLERS, METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);

async function setUp() {
  const durable = await DurableTerminal.start(new Store(`handlers-${Math.random()}`), wall);
  await durable.settled();
  const calls: string[] = [];
  /** The sim's inputs as each commit found them (the commit takes them into the journal). */
  const committed: unknown[] = [];
  const ctx: HandlerContext = {
    durable,
    terminal: durable.terminal,
    live: { setMode: (m) => calls.push(`mode ${m}`), setKeys: (k) => calls.push(`keys ${JSON.stringify(k)}`) },
    commit: async () => {
      calls.push('commit');
      committed.push(...structuredClone(durable.terminal.sim.inputs!));
      return durable.commit();
    },
    restart: async () => void calls.push('restart'),
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  return { durable, ctx, calls, committed, run, inputs: () => durable.terminal.sim.inputs!.length };
}

describe('the worker’s handler table', () => {
  it('has every method the page calls, and marks the ones that change stored state', () => {
    expect(METHODS.names().sort()).toEqual([
      'backtestRunCsv', 'backtestRunDelete', 'backtestRunGet', 'backtestRunSave', 'backtestRuns',
      'book', 'botSettings', 'cancel', 'candles', 'classCancel', 'classJoin', 'classLeave', 'classPlace', 'classReplayPage', 'classReplayRun', 'classSeat', 'deposit', 'equity', 'exportBackup', 'fills', 'health', 'history', 'importBackup', 'instruments',
      'leaderboard', 'modify', 'order', 'orderFills', 'orders', 'ordersPage', 'place', 'position', 'positions', 'queuePosition', 'reset', 'risk',
      'seriesFromKlines', 'seriesFromSim', 'seriesGet', 'seriesImport', 'seriesImportCancel', 'seriesImportProgress', 'seriesList', 'seriesRemove',
      'setAlpacaKeys', 'setBotParams', 'setFeedMode', 'setRisk', 'setSpeed', 'setView', 'strategies', 'strategyCatalog', 'strategyDetail', 'strategyParams',
      'strategyPause', 'strategyResume', 'strategyStart', 'strategyStop', 'strategyVsBacktest', 'tape', 'tradesCsv', 'tradesPage',
      'userStrategies', 'userStrategyCheck', 'userStrategyDelete', 'userStrategyLog', 'userStrategyRename', 'userStrategySave', 'withdraw',
    ]);
    expect(METHODS.names().filter((n) => METHODS.mutates(n)).sort()).toEqual([
      'backtestRunDelete', 'backtestRunSave', 'cancel', 'deposit', 'importBackup', 'modify', 'place', 'reset', 'seriesImport', 'seriesRemove', 'setAlpacaKeys', 'setBotParams', 'setFeedMode', 'setRisk', 'setSpeed',
      'strategyParams', 'strategyPause', 'strategyResume', 'strategyStart', 'strategyStop',
      'userStrategyDelete', 'userStrategyRename', 'userStrategySave', 'withdraw',
    ]);
    // The table is the one list: its own keys, no more.
    expect(Object.keys(HANDLERS).length).toBe(METHODS.names().length);
  });

  it('places an order and answers after the commit', async () => {
    const { run, calls, durable } = await setUp();
    expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
    durable.terminal.advance(2_000);
    const r = (await run('place', { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 })) as { ok: boolean; id: string };
    expect(r.ok).toBe(true);
    // One before (storage is tried first, in case it had failed), one after, which the answer waited for.
    expect(calls).toEqual(['commit', 'commit']);
    expect(await run('order', r.id)).toMatchObject({ id: r.id, symbol: 'FUN', status: 'open' });
  });

  it('a bad ticket is answered with a clear error and changes nothing (not even the journal)', async () => {
    const { run, calls, durable, inputs } = await setUp();
    const hash = durable.stateHash();
    const before = inputs();
    for (const bad of [
      { symbol: 'FUN', side: 'buy', type: 'limit', qty: 'lots', price: 1 },
      { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: NaN },
      { symbol: 'FUN', side: 'hold', type: 'limit', qty: 1, price: 1 },
      null,
      'FUN buy 1',
    ]) {
      const r = (await run('place', bad)) as { ok: boolean; code: string; message: string };
      expect(r.ok).toBe(false);
      expect(r.message.length).toBeGreaterThan(0);
    }
    expect(durable.stateHash()).toBe(hash);
    expect(inputs()).toBe(before);
    expect(calls).toEqual([]);
  });

  it('only the parsed fields of a command reach the sim (no account, no id smuggled in)', async () => {
    const { run, durable, committed } = await setUp();
    expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
    durable.terminal.advance(2_000);
    const placed = (await run('place', { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1, account: 'mm-FUN', id: 'x' })) as { ok: boolean; id: string };
    expect(placed.ok).toBe(true);
    const placedCmd = committed.at(-1) as { cmd: Record<string, unknown> };
    expect(placedCmd.cmd.op).toBe('place');
    // The sim records whose command it was: the person's account, never one the caller named.
    expect(placedCmd.cmd.account).toBe(durable.terminal.account);
    expect(placed.id).not.toBe('x');
    expect(await run('modify', placed.id, { qty: 2, account: 'mm-FUN', id: 'other' })).toEqual({ ok: true });
    const cmd = committed.at(-1) as { cmd: Record<string, unknown> };
    const { op, ...fields } = cmd.cmd;
    expect(op).toBe('modify');
    expect(fields).toEqual({ id: placed.id, qty: 2, account: durable.terminal.account });
  });

  it('money commands parse their amount first', async () => {
    const { run, durable, inputs } = await setUp();
    const before = inputs();
    expect(await run('deposit', '100')).toMatchObject({ ok: false, code: Code.INVALID_AMOUNT });
    expect(await run('withdraw', Infinity)).toMatchObject({ ok: false, code: Code.INVALID_AMOUNT });
    expect(await run('reset', undefined)).toMatchObject({ ok: false, code: Code.INVALID_AMOUNT });
    expect(inputs()).toBe(before);
    const cash = durable.terminal.portfolio().cash;
    expect(await run('deposit', 100)).toEqual({ ok: true });
    expect(durable.terminal.portfolio().cash).toBe(cash + 100);
  });

  it('risk rules: unknown rules dropped, wrong types refused, the domain still checks the values', async () => {
    const { run } = await setUp();
    expect(await run('setRisk', { maxOpenOrders: 5, maxLeverage: 3 })).toEqual({ ok: true });
    expect(await run('risk')).toEqual({ maxOpenOrders: 5 });
    expect(await run('setRisk', { maxOpenOrders: '5' })).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    expect(await run('setRisk', { maxOpenOrders: 0 })).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    expect(await run('risk')).toEqual({ maxOpenOrders: 5 });
  });

  it('settings: the speed, the feed mode and the Alpaca keys are parsed before they are applied and stored', async () => {
    const { run, calls, durable } = await setUp();
    expect(await run('setSpeed', 7)).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    expect(await run('setSpeed', 10)).toEqual({ ok: true });
    expect(durable.terminal.speed).toBe(10);
    expect(await run('setFeedMode', 'ftx')).toEqual({ ok: false, code: Code.INVALID_SETTING, message: 'Unknown price source "ftx".' });
    expect(await run('setFeedMode', 'toString')).toMatchObject({ ok: false });
    expect(await run('setFeedMode', 'kraken')).toEqual({ ok: true });
    expect(await durable.setting(FEED_KEY)).toBe('kraken');
    expect(await run('setAlpacaKeys', { key: ' ' })).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    expect(await run('setAlpacaKeys', { key: ' PK ', secret: ' S ', extra: 1 })).toEqual({ ok: true });
    expect(await durable.setting(ALPACA_KEY)).toEqual({ key: 'PK', secret: 'S' });
    expect(calls.filter((c) => !c.startsWith('commit'))).toEqual(['mode kraken', 'keys {"key":"PK","secret":"S"}']);
  });

  it('views: set per tab, a bad one answered', async () => {
    const { ctx, durable } = await setUp();
    expect(await METHODS.invoke(ctx, 'setView', 'tab-9', [{ symbol: 'FUN', depth: 5, evil: true }])).toEqual({ ok: true });
    expect(durable.terminal.tabs()).toContain('tab-9');
    expect(await METHODS.invoke(ctx, 'setView', 'tab-9', [{ symbol: 5 }])).toMatchObject({ ok: false, code: Code.UNKNOWN_SYMBOL });
    expect(await METHODS.invoke(ctx, 'setView', 'tab-9', [{ timeframe: '7m' }])).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
  });

  it('reads answer data, and a bad argument rejects the call', async () => {
    const { run } = await setUp();
    expect(await run('book', 'FUN', 3)).toMatchObject({ symbol: 'FUN' });
    expect(await run('book', 'NOPE')).toBeNull();
    await expect(run('book', { symbol: 'FUN' })).rejects.toThrow('A symbol must be text.');
    await expect(run('candles', 'FUN', '7m')).rejects.toThrow('Unknown timeframe 7m.');
    expect(await run('health')).toMatchObject({ ok: true, role: 'leader', persistent: true });
    expect(await run('tradesPage', { limit: 10, account: 'mm' })).toMatchObject({ rows: [] });
    await expect(run('ordersPage', { status: 'done' })).rejects.toThrow('Unknown order status "done".');
  });
});
