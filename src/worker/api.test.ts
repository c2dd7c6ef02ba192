import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Book, CandleData, OrderTicket, View } from '../protocol';
import { createApi, type EngineApi, type Router } from './api';
import { METHODS } from './handlers';

function router(isLeader: boolean) {
  const calls: [string, unknown[]][] = [];
  const views: Partial<View>[] = [];
  const events: string[] = [];
  const r: Router = {
    role: isLeader ? 'leader' : 'follower',
    isLeader,
    call: async (method, a) => {
      calls.push([method, [...a]]);
      if (method === 'candles') return { t: new Float64Array(1), o: new Float64Array(1), h: new Float64Array(1), l: new Float64Array(1), c: new Float64Array(1), v: new Float64Array(1) };
      if (method === 'health') return { ok: true, role: 'leader', now: 0, instruments: 1, openOrders: 0, stateHash: 'h', persistent: true };
      return { ok: true, method };
    },
    rememberView: (v) => views.push(v),
    whenStarted: async () => {},
    pushNow: () => events.push('pushNow'),
    flush: async () => void events.push('flush'),
  };
  return { r, calls, views, events };
}

const page = (events: string[]) => ({ subscribe: () => events.push('subscribed'), keepAlive: () => events.push('keepAlive') });

describe('the Comlink API, derived from the table', () => {
  it('has every method of the table, and subscribe and flush', () => {
    const { r, events } = router(true);
    const api = createApi(r, page(events));
    for (const name of METHODS.names()) expect(typeof (api as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(Object.keys(api).sort()).toEqual([...METHODS.names(), 'flush', 'subscribe'].sort());
  });

  it('forwards each call with its arguments as given (the leader parses them)', async () => {
    const { r, calls, events } = router(false);
    const api = createApi(r, page(events));
    expect(await api.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 })).toMatchObject({ ok: true });
    await api.book('FUN', 5);
    expect(await api.modify('you.1', { qty: 2 })).toMatchObject({ ok: true });
    expect(calls).toEqual([
      ['place', [{ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 }]],
      ['book', ['FUN', 5]],
      ['modify', ['you.1', { qty: 2 }]],
    ]);
  });

  it('setView remembers only a view that parses, for a leader that takes over later', async () => {
    const { r, calls, views, events } = router(false);
    const api = createApi(r, page(events));
    expect(await api.setView({ symbol: 'FUN', extra: 1 } as Partial<View>)).toMatchObject({ ok: true });
    expect(await api.setView({ depth: 'deep' } as unknown as Partial<View>)).toMatchObject({ ok: true });
    expect(views).toEqual([{ symbol: 'FUN' }]);
    expect(calls.map(([m]) => m)).toEqual(['setView', 'setView']);
  });

  it('subscribe: a follower registers its view and keeps it alive; a leader sends a frame at once', async () => {
    const f = router(false);
    await createApi(f.r, page(f.events)).subscribe(() => {});
    expect(f.events).toEqual(['subscribed', 'keepAlive']);
    expect(f.calls).toEqual([['setView', [{}]]]);
    const l = router(true);
    await createApi(l.r, page(l.events)).subscribe(() => {});
    expect(l.events).toEqual(['subscribed', 'pushNow']);
    expect(l.calls).toEqual([]);
  });

  it('health carries this tab’s role; flush saves; candles are transferred', async () => {
    const { r, events } = router(false);
    const api = createApi(r, page(events));
    expect((await api.health()).role).toBe('follower');
    expect(await api.flush()).toEqual({ ok: true });
    expect(events).toContain('flush');
    const c = await api.candles('FUN', '1m');
    expect(c?.t).toBeInstanceOf(Float64Array);
  });

  it('its types come from the parsers and the handlers', () => {
    expectTypeOf<EngineApi['place']>().parameters.toEqualTypeOf<[OrderTicket]>();
    expectTypeOf<EngineApi['book']>().parameters.toEqualTypeOf<[string, (number | undefined)?]>();
    expectTypeOf<EngineApi['book']>().returns.toEqualTypeOf<Promise<Book | null>>();
    expectTypeOf<EngineApi['candles']>().returns.toEqualTypeOf<Promise<CandleData | null>>();
    expectTypeOf<EngineApi['deposit']>().parameters.toEqualTypeOf<[number]>();
    expectTypeOf<EngineApi['instruments']>().parameters.toEqualTypeOf<[]>();
  });
});
