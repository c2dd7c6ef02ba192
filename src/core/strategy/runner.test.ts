import { describe, expect, it } from 'vitest';
import { CASH_HEADROOM, StrategyRunner } from './runner';
import { smaCross } from './builtins/smaCross';
import { TestBroker, runOnBars } from './testkit';
import type { Bar, OrderAnswer, OrderRequest, Series, StrategyContext, StrategyDef } from './types';

/** A price that swings: 100 ± 20 over 40 bars, so crossings come regularly. */
function wave(n: number, start = 0): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const c = 100 + 20 * Math.sin(((i + start) * 2 * Math.PI) / 40);
    return { time: (i + start) * 86_400_000, open: c - 0.5, high: c + 1, low: c - 1, close: c, volume: 1000 };
  });
}

/** A strategy that does what the test says on the bar it says. */
function scripted(steps: Record<number, (ctx: StrategyContext) => unknown>): StrategyDef & { answers: OrderAnswer[] } {
  const answers: OrderAnswer[] = [];
  return {
    name: 'scripted', title: 'Scripted', description: 'Test', params: {}, timeframe: '1d', answers,
    init: () => undefined,
    onBar(ctx) {
      const step = steps[ctx.barIndex];
      if (step !== undefined) {
        const a = step(ctx);
        if (typeof a === 'object' && a !== null && 'ok' in a) answers.push(a as OrderAnswer);
      }
    },
  };
}

describe('sizing', () => {
  const price = (bars: Bar[], i: number): number => bars[i - 1].close;
  it('a buy without a size uses all the cash in whole units; units, cash and fraction sizes are rounded down', () => {
    const bars = wave(10).map((b) => ({ ...b, open: 100, high: 101, low: 99, close: 100 }));
    const orders: Record<number, (ctx: StrategyContext) => unknown> = {
      1: (ctx) => ctx.buy(),
      3: (ctx) => ctx.close(),
      5: (ctx) => ctx.buy({ size: { units: 7.9 } }),
      6: (ctx) => ctx.buy({ size: { cash: 1000 } }),
      7: (ctx) => ctx.buy({ size: { fraction: 0.1 } }),
    };
    const { broker } = runOnBars(scripted(orders), {}, bars);
    const sent = broker.sent;
    expect(sent[0]).toMatchObject({ side: 'buy', type: 'market', units: Math.floor((10_000 * CASH_HEADROOM) / price(bars, 1)) });
    expect(sent[1]).toMatchObject({ side: 'sell', units: sent[0].units, reason: 'close' });
    expect(sent[2].units).toBe(7);
    expect(sent[3].units).toBe(Math.floor(1000 / price(bars, 6)));
    expect(sent[4].units).toBe(Math.floor((0.1 * broker.equity() * CASH_HEADROOM) / 100));
  });

  it('an order too small for one unit is refused, logged and shown as the last refusal; the strategy goes on', () => {
    const def = scripted({ 1: (ctx) => ctx.buy({ size: { cash: 5 } }), 2: (ctx) => ctx.buy({ size: { units: 1 } }) });
    const { runner, broker } = runOnBars(def, {}, wave(4));
    expect(def.answers[0]).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(runner.lastRefusal).toMatch(/rounds down to no units/);
    expect(runner.status).toBe('running');
    expect(broker.sent).toHaveLength(1);
  });

  it('malformed requests are refused field by field', () => {
    const bad: OrderRequest[] = [
      { size: { units: -1 } }, { size: { fraction: 2 } }, { limit: 0 }, { limit: 10, stop: 9 },
      { size: { units: 1, cash: 5 } } as unknown as OrderRequest, { sizes: 1 } as unknown as OrderRequest,
    ];
    const steps = Object.fromEntries(bad.map((o, i) => [i + 1, (ctx: StrategyContext) => ctx.buy(o)]));
    const def = scripted(steps);
    const { broker } = runOnBars(def, {}, wave(bad.length + 1));
    expect(def.answers.map((a) => a.ok)).toEqual(bad.map(() => false));
    expect(broker.sent).toHaveLength(0);
  });
});

describe('the spot rule', () => {
  const def = (): ReturnType<typeof scripted> => scripted({ 1: (ctx) => ctx.sell({ size: { units: 5 }, reason: 'bet on the fall' }) });
  it('a sell beyond the holdings is refused with its reason on a spot venue', () => {
    const d = def();
    const { runner, broker } = runOnBars(d, {}, wave(3));
    expect(d.answers[0]).toMatchObject({ ok: false, code: 'SHORT_NOT_ALLOWED' });
    expect(runner.lastRefusal).toBe('bet on the fall: short selling needs a margin account, and this market is spot only: a sell of 5 TEST was refused (0 held).');
    expect(runner.detail().log.some((l) => l.message.startsWith('Refused: bet on the fall'))).toBe(true);
    expect(broker.sent).toHaveLength(0);
  });

  it('is allowed where the venue allows shorts (the backtester)', () => {
    const d = def();
    const { broker } = runOnBars(d, {}, wave(3), new TestBroker(10_000, true));
    expect(d.answers[0].ok).toBe(true);
    expect(broker.units).toBe(-5);
  });

  it('sma-cross with short: the down-cross closes the long, then its short is refused on spot and taken where shorts are allowed', () => {
    const bars = wave(120);
    const spot = runOnBars(smaCross as unknown as StrategyDef, { fast: 3, slow: 8, short: true }, bars);
    expect(spot.runner.lastRefusal).toMatch(/^short: fast SMA crossed below slow: short selling needs a margin account/);
    expect(spot.fills.length).toBeGreaterThan(2);
    expect(spot.broker.units).toBeGreaterThanOrEqual(0);
    const margin = runOnBars(smaCross as unknown as StrategyDef, { fast: 3, slow: 8, short: true }, bars, new TestBroker(10_000, true));
    expect(margin.fills.some((f) => f.side === 'sell') && Math.min(...marginUnits(margin))).toBeLessThan(0);
  });
});

function marginUnits(r: ReturnType<typeof runOnBars>): number[] {
  let u = 0;
  return r.fills.map((f) => (u += f.side === 'buy' ? f.units : -f.units));
}

describe('take-profit and stop-loss', () => {
  it('after the entry fills, a take-profit limit and a stop-loss stop are placed; when one fills the other is cancelled', () => {
    const bars = wave(30); // rises from 100 to 120 over the first 10 bars
    const def = scripted({ 1: (ctx) => ctx.buy({ size: { units: 10 }, tp: 110, sl: 90, reason: 'entry' }) });
    const { broker, fills, runner } = runOnBars(def, {}, bars);
    expect(broker.sent.map((s) => [s.side, s.type, s.units, s.price ?? s.stop, s.reason])).toEqual([
      ['buy', 'market', 10, undefined, 'entry'],
      ['sell', 'limit', 10, 110, 'take-profit'],
      ['sell', 'stop', 10, 90, 'stop-loss'],
    ]);
    expect(fills.map((f) => [f.side, f.price])).toEqual([['buy', bars[1].open], ['sell', Math.max(110, fills[1].price)]]);
    expect(broker.orders).toHaveLength(0); // the stop-loss went with the take-profit's fill
    expect(broker.units).toBe(0);
    expect(runner.detail().markers.filter((m) => m.kind === 'fill').map((m) => m.reason)).toEqual(['entry', 'take-profit']);
  });

  it('a venue with brackets of its own gets the exits with the entry', () => {
    const broker = new TestBroker(10_000);
    const calls: unknown[] = [];
    const native = Object.assign(Object.create(broker) as TestBroker, {
      brackets: true,
      submit: (...args: unknown[]) => {
        calls.push(args);
        return { ok: true, id: 'N1' } as OrderAnswer;
      },
    });
    const runner = new StrategyRunner(scripted({ 1: (ctx) => ctx.buy({ size: { units: 2 }, tp: 130, sl: 80 }) }), {}, native, { symbol: 'X', timeframe: '1d' });
    runner.start();
    runner.onBar(wave(1)[0]);
    expect(calls).toEqual([['buy', 'market', 2, undefined, undefined, 'buy', { tp: 130, sl: 80 }, undefined]]);
  });
});

describe('errors', () => {
  it('a hook that throws stops this strategy with the message and the line, cancels its orders, and nothing else', () => {
    const bars = wave(5);
    let line = 0;
    const thrower = scripted({
      1: (ctx) => ctx.buy({ size: { units: 1 }, limit: 1 }),
      2: () => {
        line = callerLine() + 1;
        throw new TypeError('boom');
      },
    });
    const a = runOnBars(thrower, {}, bars);
    const b = runOnBars(smaCross as unknown as StrategyDef, { fast: 2, slow: 3, short: false }, bars);
    expect(a.runner.status).toBe('error');
    expect(a.runner.error?.message).toBe('onBar threw TypeError: boom');
    expect(line).toBeGreaterThan(1);
    expect(a.runner.error?.line).toBe(line);
    expect(a.broker.orders).toHaveLength(0);
    expect(b.runner.status).toBe('running');
    expect(a.runner.barIndex).toBe(2); // nothing after the error
  });

  it('non-errors thrown, and errors in init or onFill, are reported the same way', () => {
    const r1 = runOnBars({ ...scripted({}), init: () => { throw 'no'; } }, {}, wave(2));
    expect(r1.runner.error?.message).toBe('init threw no');
    expect(r1.runner.barIndex).toBe(0);
    const r2 = runOnBars({ ...scripted({ 1: (ctx) => ctx.buy({ size: { units: 1 } }) }), onFill: () => { throw new Error('in fill'); } }, {}, wave(3));
    expect(r2.runner.error?.message).toBe('onFill threw Error: in fill');
  });

  it('indicators are declared in init only, and orders are not sent from init', () => {
    const late = runOnBars(scripted({ 1: (ctx) => ctx.ind.sma(3) }), {}, wave(2));
    expect(late.runner.error?.message).toBe('onBar threw Error: Indicators are declared in init (ctx.ind), not later.');
    let answer: OrderAnswer | undefined;
    const early = runOnBars({ ...scripted({}), init: (ctx) => { answer = ctx.buy(); } }, {}, wave(2));
    expect(answer).toMatchObject({ ok: false, message: 'Orders are sent from onBar or onFill, not from init.' });
    expect(early.runner.status).toBe('running');
    const badPeriod = runOnBars({ ...scripted({}), init: (ctx) => ctx.ind.sma(0) }, {}, wave(2));
    expect(badPeriod.runner.error?.message).toMatch(/^init threw RangeError: An indicator period must be a whole number/);
  });
});

/** The line this is called from (V8's stack: frame 0 is here, frame 1 the caller). */
function callerLine(): number {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

describe('pause, parameters, state', () => {
  it('paused: indicators are fed and equity recorded, but onBar is not called; resume goes on', () => {
    const seen: number[] = [];
    const def: StrategyDef<{ n: number }, { s: Series }> = {
      name: 'p', title: 'P', description: 'P', timeframe: '1d', params: { n: { type: 'integer', default: 3, min: 1 } },
      init: (ctx) => ({ s: ctx.ind.sma(ctx.params.n) }),
      onBar: (ctx) => void seen.push(ctx.barIndex),
    };
    const broker = new TestBroker(1000);
    const r = new StrategyRunner(def as unknown as StrategyDef, { n: 3 }, broker, { symbol: 'X', timeframe: '1d' });
    r.start();
    const bars = wave(8);
    r.onBar(bars[0]);
    r.pause();
    r.onBar(bars[1]);
    r.onBar(bars[2]);
    r.resume();
    r.onBar(bars[3]);
    expect(seen).toEqual([1, 4]);
    expect((r.indicators as { s: Series }).s.ready).toBe(true);
    expect(r.detail().equity.t).toHaveLength(4);
    r.setParams({ n: 5 });
    expect(r.params.n).toBe(3);
    r.onBar(bars[4]);
    expect(r.params.n).toBe(5);
    expect((r.indicators as { s: Series }).s.ready).toBe(false); // declared again, cold
  });

  it('a runner restored from its state (through JSON) goes on exactly as the original', () => {
    const bars = wave(200);
    const params = { fast: 4, slow: 11, short: false };
    const whole = runOnBars(smaCross as unknown as StrategyDef, params, bars);
    const cut = 77;
    const first = runOnBars(smaCross as unknown as StrategyDef, params, bars.slice(0, cut));
    const saved = JSON.parse(JSON.stringify(first.runner.state())) as ReturnType<StrategyRunner['state']>;
    const broker = Object.assign(new TestBroker(0), JSON.parse(JSON.stringify(first.broker)) as object);
    const r = StrategyRunner.restore(smaCross as unknown as StrategyDef, broker, { symbol: 'TEST', timeframe: '1d' }, saved);
    if (!r.ok) throw new Error(r.message);
    for (const bar of bars.slice(cut)) {
      for (const f of broker.settle(bar)) r.runner.onFill(f);
      r.runner.onBar(bar);
    }
    expect(JSON.stringify(r.runner.state())).toBe(JSON.stringify(whole.runner.state()));
    expect(broker.cashHeld).toBe(whole.broker.cashHeld);
  });
});
