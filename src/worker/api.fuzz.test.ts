import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import { snapshotSim } from '../core/sim/snapshot';
import { Store } from '../storage/store';
import { DurableTerminal } from './durableTerminal';
import { HANDLERS, METHODS, type HandlerContext } from './handlers';
import { BadArguments } from './table';

/**
 * The worker's API under fire (issue 10): every method of the handler table,
 * and names that are not methods (prototype names, '', a very long one),
 * called with arguments a page, a follower tab or an attacker could send:
 * wrong types, NaN, ±Infinity, -0, huge numbers and strings, objects with an
 * own `__proto__` or none at all, arrays, null, undefined, extra arguments;
 * mixed with plausible ones so that the deep paths run too. Against the real
 * table (`METHODS`) and a real DurableTerminal on fake-indexeddb. For every
 * call:
 * - nothing escapes but what table.ts documents: a method that answers with a
 *   result (every mutator, and `read(..., { refuse: 'answer' })`) always
 *   answers with one; a method that answers with data may reject its call, and
 *   then only with BadArguments; an unknown name is rejected as unknown;
 * - a rejected call, any read and a mutator's refusal of its arguments change
 *   nothing: the sim's state hash, its recorded inputs and the stored journal
 *   are as they were; a refusal by the domain changes nothing but its own
 *   record (expectRefusalKept);
 * - every answer survives structured cloning (it crosses to the page by postMessage).
 * API_FUZZ_RUNS sets the number of call sequences (up to 20 calls each).
 */

const RUNS = Number(process.env.API_FUZZ_RUNS ?? 30);
/** API_FUZZ_SEED replays a run fast-check reported. */
const SEED = process.env.API_FUZZ_SEED !== undefined ? Number(process.env.API_FUZZ_SEED) : undefined;
const wall = () => Date.UTC(2025, 2, 4, 15, 0);

const ENTRIES = new Map(Object.entries(HANDLERS).map(([name, e]) => [name, e as { kind: 'read' | 'mutate'; refuse: 'answer' | 'throw' }]));
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype'];
const CODES = new Set<string>(Object.values(Code));

// ------------------------------------------------------------ what is sent

/** An object whose own key is `__proto__` (what JSON.parse or structured cloning of a page's object can give). */
const ownProto = (inner: object) => JSON.parse(`{"__proto__":${JSON.stringify(inner)},"symbol":"FUN","qty":1}`) as object;
const bare = (fields: object) => Object.assign(Object.create(null) as object, fields);
const HUGE = 'x'.repeat(1_000_000);

const hostileScalar = fc.constantFrom<unknown>(
  NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1e-9, 1e-13, 5e-324, 1e15, 1e21, 1e308, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2, -(2 ** 53), 10n, '', ' ', '1', 'NaN', 'Infinity', '-0', '1e400', HUGE, 'x'.repeat(10_000), true, false, null, undefined,
  ...PROTOTYPE_NAMES, '=cmd|"/c calc"!A1', '<img src=x onerror=alert(1)>', '\u0000', '\ud800', new Date(NaN), new Date(0),
);
const hostileObject = fc.constantFrom<unknown>(
  {}, [], [[]], ownProto({ ok: true }), ownProto({ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 }), bare({ symbol: 'FUN', qty: 1 }),
  bare({}), { toString: 'FUN', valueOf: 1 }, { constructor: { prototype: { polluted: true } } }, new Map([['symbol', 'FUN']]), new Set([1]),
  new Uint8Array(4), new Float64Array([NaN]), Object.assign([1, 2], { symbol: 'FUN' }),
);
const anything = fc.anything({
  maxDepth: 3, maxKeys: 5, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true,
  withSparseArray: true, withBoxedValues: false, key: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTOTYPE_NAMES, 'symbol', 'qty', 'price', 'account', 'id', 'op', 'kind')),
});
const hostile: fc.Arbitrary<unknown> = fc.oneof(hostileScalar, hostileObject, anything);

/** A plausible value, or now and then a hostile one in its place. */
const or = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostile });
const num = fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.double({ min: -10, max: 1e6, noNaN: true }), fc.constantFrom(0.01, 0.5, 1, 2, 100, 1e9, 1e15));
const symbol = fc.constantFrom('FUN', 'MEME', 'YOLO', 'AAPL', 'BTCUSDT', 'ETHUSDT', 'NOPE', '__proto__', 'fun');
const side = fc.constantFrom('buy', 'sell', 'hold');
const timeframe = fc.constantFrom('1m', '5m', '15m', '1h', '1d', '7m', '__proto__');
const orderId = fc.oneof(fc.nat(30).map((n) => `you.${n}`), fc.constantFrom('', 'x', 'you.1:tp', '__proto__', 'mm-FUN.1'));
const ticket = fc.record(
  { symbol: or(symbol), side: or(side), type: or(fc.constantFrom('market', 'limit', 'stop', 'stop_limit', 'iceberg')), qty: or(num), price: or(num),
    stopPrice: or(num), tif: or(fc.constantFrom('GTC', 'IOC', 'FOK', 'DAY')), takeProfit: or(num), stopLoss: or(num), account: or(fc.constantFrom('mm-FUN', 'you')),
    id: or(orderId), op: or(fc.constantFrom('deposit', 'reset')), amount: or(num) },
  { requiredKeys: [] },
);
const change = fc.record({ price: or(num), stopPrice: or(num), qty: or(num), kind: or(fc.constant('deposit')), account: or(fc.constant('mm-FUN')), id: or(orderId) }, { requiredKeys: [] });
const rules = fc.record({ maxOrderNotional: or(fc.oneof(num, fc.constant(null))), maxPositionNotional: or(num), maxOpenOrders: or(num), maxDrawdownPct: or(num), maxLeverage: num }, { requiredKeys: [] });
const view = fc.record({ symbol: or(fc.oneof(symbol, fc.constant(null))), timeframe: or(timeframe), depth: or(num) }, { requiredKeys: [] });
const tradeQuery = fc.record({ symbol: or(symbol), side: or(side), limit: or(num), before: or(fc.record({ ts: num, seq: num, n: num })) }, { requiredKeys: [] });
const orderQuery = fc.record({ symbol: or(symbol), status: or(fc.constantFrom('open', 'filled', 'cancelled', 'rejected', 'lost')), limit: or(num), before: or(fc.record({ updatedAt: num, id: orderId })) }, { requiredKeys: [] });
const strategyId = fc.oneof(fc.nat(4).map((n) => `S${n}`), fc.constantFrom('', 'S', '__proto__', 'strat:S1'));
const params = fc.record({ fast: or(num), slow: or(num), short: or(fc.boolean()), period: or(num), nope: or(num) }, { requiredKeys: [] });
const strategyStart = fc.record(
  { strategy: or(fc.constantFrom('sma-cross', 'rsi-momentum', 'zscore-reversion', 'macd-cross', 'nope', 'user:mine', '__proto__')), symbol: or(symbol),
    timeframe: or(timeframe), params: or(params), budget: or(num) },
  { requiredKeys: [] },
);

const seriesId = fc.constantFrom('sample:GOOG', 's-1', 'sim:FUN:1m', '', '__proto__');
const importId = fc.constantFrom('imp-1', 'imp-2', '', 'bad id', '__proto__');
const GOOD_CSV = 'Date,Open,High,Low,Close,Volume\n2020-01-01,10,12,9,11,100\n2020-01-02,11,13,10,12,200\n';
const csvSource = fc.constantFrom<unknown>(GOOD_CSV, new Blob([GOOD_CSV]), GOOD_CSV.replace('12,9', '8,9'), '', new Blob([]), 'a;b\n1;2');
const csvOptions = fc.record(
  { columns: or(fc.record({ time: or(fc.constantFrom(0, 'Date')), open: or(fc.constantFrom(1, 'open')), high: or(fc.nat(8)), low: or(fc.nat(8)), close: or(fc.nat(8)) })),
    delimiter: or(fc.constantFrom(',', ';', '\t', '|')), dayFirst: or(fc.boolean()), decimalComma: or(fc.boolean()), header: or(fc.boolean()) },
  { requiredKeys: [] },
);

const runId = fc.constantFrom<unknown>(1, 2, 0, -1, 1.5, '1', '__proto__');
const savedRun = fc.record(
  {
    inputs: or(fc.record({ strategy: or(fc.constantFrom('sma-cross', '', '__proto__')), title: or(fc.string()), params: or(params), sourceId: or(fc.constantFrom('sample:GOOG', '')),
      sourceName: or(fc.string()), from: or(num), to: or(num), bars: or(num), cash: or(num), commissionPct: or(num), spreadBps: or(num) }, { requiredKeys: [] })),
    stats: or(fc.dictionary(fc.constantFrom('trades', 'returnPct', 'sharpe', '__proto__'), fc.oneof(num, fc.constant(null)))),
    trades: or(fc.array(fc.record({ size: or(num), entryTime: or(num), exitTime: or(num), entryPrice: or(num), exitPrice: or(num), pnl: or(num), returnPct: or(num),
      commission: or(num), entryReason: or(fc.string()), exitReason: or(fc.string()) }, { requiredKeys: [] }), { maxLength: 3 })),
    tradeCount: or(num),
    equity: or(fc.record({ t: or(fc.array(num, { maxLength: 3 })), v: or(fc.array(num, { maxLength: 3 })) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

/** Plausible arguments for each method, by name (a Map: the names are the table's own). */
const PLAUSIBLE = new Map<string, fc.Arbitrary<unknown[]>>([
  ['place', fc.tuple(ticket)],
  ['cancel', fc.tuple(orderId)],
  ['modify', fc.tuple(orderId, change)],
  ['deposit', fc.tuple(num)],
  ['withdraw', fc.tuple(num)],
  ['reset', fc.tuple(fc.oneof(num, fc.constantFrom(1e10, 1e15, Number.MAX_SAFE_INTEGER / 1e6)))],
  ['setRisk', fc.tuple(rules)],
  ['setSpeed', fc.tuple(fc.constantFrom(0, 1, 10, 60, 7, -1))],
  ['setView', fc.tuple(view)],
  ['book', fc.tuple(symbol, fc.option(num, { nil: undefined }))],
  ['tape', fc.tuple(symbol)],
  ['candles', fc.tuple(symbol, timeframe)],
  ['history', fc.tuple(symbol, timeframe, fc.constantFrom(true, false, undefined))],
  ['order', fc.tuple(orderId)],
  ['orderFills', fc.tuple(orderId)],
  ['position', fc.tuple(symbol)],
  ['tradesPage', fc.tuple(tradeQuery)],
  ['ordersPage', fc.tuple(orderQuery)],
  ['importBackup', fc.tuple(fc.oneof(fc.string(), fc.constantFrom('{}', '{"v":1}', '[]', 'null', '{"__proto__":{"ok":true}}')))],
  ['setFeedMode', fc.tuple(fc.constantFrom('synthetic', 'binance', 'coinbase', 'kraken', 'alpaca', 'ftx', '__proto__', 'toString'))],
  ['strategyStart', fc.tuple(strategyStart)],
  ['strategyPause', fc.tuple(strategyId)],
  ['strategyResume', fc.tuple(strategyId)],
  ['strategyStop', fc.tuple(strategyId)],
  ['strategyParams', fc.tuple(strategyId, params)],
  ['strategyDetail', fc.tuple(strategyId)],
  ['seriesGet', fc.tuple(seriesId)],
  ['seriesRemove', fc.tuple(seriesId)],
  ['seriesImport', fc.tuple(importId, fc.constantFrom('a.csv', '', 'x'.repeat(200)), csvSource, fc.option(csvOptions, { nil: undefined }))],
  ['seriesImportProgress', fc.tuple(importId)],
  ['seriesImportCancel', fc.tuple(importId)],
  ['seriesFromSim', fc.tuple(symbol, timeframe)],
  ['seriesFromKlines', fc.tuple(symbol, timeframe, fc.option(num, { nil: undefined }), fc.option(num, { nil: undefined }))],
  ['backtestRunSave', fc.tuple(savedRun)],
  ['backtestRunGet', fc.tuple(runId)],
  ['backtestRunDelete', fc.tuple(runId)],
  ['backtestRunCsv', fc.tuple(runId)],
  ['queuePosition', fc.tuple(orderId)],
  ['botSettings', fc.tuple(symbol)],
  ['setBotParams', fc.tuple(symbol, or(fc.record({ spreadBps: or(num), levels: or(num), levelNotional: or(num), noiseRate: or(num), op: or(fc.constant('reset')) }, { requiredKeys: [] })))],
  ['setAlpacaKeys', fc.tuple(fc.oneof(fc.constant(null), fc.record({ key: fc.string(), secret: fc.string() }, { requiredKeys: [] })))],
]);

const methodName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...METHODS.names()) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, '', 'x'.repeat(100_000), 'Place', 'place ', 'invoke', 'commit'), fc.string({ maxLength: 8 })) },
);

interface Call { name: string; args: unknown[]; tab: string }

const call: fc.Arbitrary<Call> = methodName.chain((name) => {
  const plausible = PLAUSIBLE.get(name) ?? fc.constant<unknown[]>([]);
  const args = fc.oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 2, arbitrary: fc.array(hostile, { maxLength: 4 }) },
    // Extra arguments after plausible ones.
    { weight: 1, arbitrary: fc.tuple(plausible, fc.array(hostile, { minLength: 1, maxLength: 3 })).map(([a, extra]) => [...a, ...extra]) },
  );
  const tab = fc.constantFrom('tab-1', 'tab-2', '__proto__', 'constructor', '');
  return fc.record({ name: fc.constant(name), args, tab });
});

// ------------------------------------------------------------ the checks

let durable: DurableTerminal;
let store: Store;
let ctx: HandlerContext;

beforeAll(async () => {
  // The network is down: `history` must say so, not wait for it.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed (the fuzzer is offline)')));
  store = new Store(`api-fuzz-${Math.random()}`);
  durable = await DurableTerminal.start(store, wall);
  await durable.settled();
  expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
  durable.terminal.advance(2_000);
  ctx = {
    durable,
    terminal: durable.terminal,
    live: { setMode: () => {}, setKeys: () => {} },
    commit: () => durable.commit(),
    // The leader restarts its engine after an import (leader.ts, tested in leader.test.ts); here the old one stays.
    restart: async () => {},
  };
  expect(await ctx.commit()).toMatchObject({ ok: true });
});

afterAll(() => {
  vi.unstubAllGlobals();
});

/**
 * What a call may change. `butIds` is the sim's state but for the ids used
 * (the counter behind a person's order ids, `userSeq`, and the exchange's
 * `usedIds`): a place the domain refuses (a risk rule, funds, a bad quantity)
 * has used its id already, by design, and journals replay on that.
 */
async function state() {
  await durable.settled();
  const snap = snapshotSim(durable.terminal.sim);
  return {
    // The state hash is taken of this JSON: comparing the JSON itself says as much, and says where.
    butIds: JSON.stringify({ ...snap, userSeq: 0, exchange: { ...snap.exchange, usedIds: [] } }),
    userSeq: snap.userSeq,
    usedIds: snap.exchange.usedIds,
    inputs: durable.terminal.sim.inputs!.length,
    // The journal's newest entry: a snapshot may prune older ones (exportBackup takes one), which records nothing new.
    journal: JSON.stringify((await store.db.inputs.orderBy('seq').last()) ?? null),
  };
}
type State = Awaited<ReturnType<typeof state>>;

/** The journal entries stored after `journal` (a state's newest entry). */
async function journaledSince(journal: string): Promise<{ t: string; cmd?: { op: string; account: string } }[]> {
  const last = JSON.parse(journal) as { seq: number } | null;
  return (await store.db.inputs.where('seq').above(last?.seq ?? -1).toArray()).map((row) => row.input as { t: string; cmd?: { op: string; account: string } });
}

/**
 * A refusal by the domain (after the arguments parsed) is recorded, by
 * design (sim.ts: a refused command is journaled so a replay refuses it
 * again, and a refused place uses its id): the journal may gain that one
 * command, the person's, and nothing else changes but, for a place, the id
 * counter. A refusal of the arguments changes nothing at all.
 */
async function expectRefusalKept(where: string, before: State, after: State): Promise<void> {
  expect(after.butIds, `${where} changed the sim`).toBe(before.butIds);
  expect(after.inputs, `${where} left inputs unjournaled`).toBe(before.inputs);
  const added = await journaledSince(before.journal);
  expect(added.length, `${where} journaled more than its command`).toBeLessThanOrEqual(1);
  for (const input of added) {
    expect(input.t).toBe('cmd');
    expect(input.cmd?.account, `${where} journaled a command for another account`).toBe(durable.terminal.account);
    if (input.cmd?.op !== 'place') expect(after.userSeq, `${where} used an order id`).toBe(before.userSeq);
  }
  // A refused place may have used one id (the person's next); nothing else does.
  const used = after.usedIds.slice(before.usedIds.length);
  expect(after.usedIds.slice(0, before.usedIds.length), `${where} forgot a used id`).toEqual(before.usedIds);
  expect(used, `${where} used ids it had no right to`).toEqual(after.userSeq > before.userSeq ? [`${durable.terminal.account}.${after.userSeq}`] : []);
}

function isResult(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as { ok?: unknown; code?: unknown; message?: unknown };
  if (r.ok === true) return true;
  return r.ok === false && typeof r.code === 'string' && CODES.has(r.code) && typeof r.message === 'string' && r.message.length > 0;
}

/** A value for a failure's message: JSON when it has one (not a BigInt, not a cycle), cut short. */
function brief(x: unknown): string {
  try {
    return String(JSON.stringify(x)).slice(0, 80);
  } catch {
    return typeof x;
  }
}
const show = (c: Call) => `${brief(c.name.slice(0, 40))}(${c.args.map(brief).join(', ')})`;

async function check(c: Call, seen: Map<string, number>): Promise<void> {
  const entry = METHODS.has(c.name) ? ENTRIES.get(c.name) : undefined;
  const before = await state();
  const where = show(c);
  let pending: Promise<unknown>;
  try {
    pending = METHODS.invoke(ctx, c.name, c.tab, c.args);
  } catch (error) {
    // Comlink and the follower link expect a promise: a throw before there is one would escape them.
    expect.fail(`${where} threw instead of answering: ${String(error)}`);
  }
  let answer: { value: unknown } | { error: unknown };
  try {
    answer = { value: await pending };
  } catch (error) {
    answer = { error };
  }
  const after = await state();
  const outcome = 'error' in answer ? 'rejected' : isResult(answer.value) && (answer.value as { ok: boolean }).ok === false ? 'refused' : 'answered';
  seen.set(`${entry?.kind ?? 'unknown'} ${outcome}`, (seen.get(`${entry?.kind ?? 'unknown'} ${outcome}`) ?? 0) + 1);

  if (entry === undefined) {
    expect('error' in answer && answer.error instanceof Error && /^Unknown method/.test(answer.error.message), `${where}: unknown names are rejected as unknown`).toBe(true);
  } else if (entry.refuse === 'answer') {
    expect('value' in answer, `${where} must answer, not reject: ${'error' in answer ? String(answer.error) : ''}`).toBe(true);
    if ('value' in answer) expect(isResult(answer.value), `${where} answered ${brief(answer.value)}: not a result`).toBe(true);
  } else if ('error' in answer) {
    expect(answer.error, `${where}: a data method rejects only for bad arguments, not with ${String(answer.error)}`).toBeInstanceOf(BadArguments);
    expect(isResult((answer.error as BadArguments).failure), `${where}: its failure is a result`).toBe(true);
  }
  if ('value' in answer) expect(() => structuredClone(answer.value), `${where}: the answer crosses postMessage`).not.toThrow();

  // A mutator answers once what it did is committed: nothing is left waiting for the journal.
  if (entry?.kind === 'mutate') expect(after.inputs, `${where} answered before its commit`).toBe(0);
  if ('error' in answer || entry?.kind !== 'mutate') {
    expect(after, `${where} (${outcome}) changed the state`).toEqual(before);
  } else if (outcome === 'refused') {
    const byParser = !(HANDLERS[c.name as keyof typeof HANDLERS].parse(c.args).ok);
    seen.set(byParser ? 'mutate refused its arguments' : 'mutate refused by the domain', (seen.get(byParser ? 'mutate refused its arguments' : 'mutate refused by the domain') ?? 0) + 1);
    if (byParser) expect(after, `${where} refused its arguments but changed the state`).toEqual(before);
    else await expectRefusalKept(where, before, after);
  }
}

describe('the worker API under random and hostile calls', () => {
  it('answers every call as table.ts documents, and a refusal changes nothing', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 20 }), async (calls) => {
        for (const c of calls) await check(c, seen);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    // The fuzzer reached each kind of outcome: refusals and answers of mutators, rejected reads, unknown names.
    for (const k of ['mutate refused its arguments', 'mutate refused by the domain', 'mutate answered', 'read answered', 'read rejected', 'unknown rejected']) {
      expect(seen.get(k) ?? 0, `${k} never happened: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
    if (process.env.API_FUZZ_RUNS) console.log(seen);
  }, Math.max(120_000, RUNS * 3_000));
});
