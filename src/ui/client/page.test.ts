import { describe, expect, it } from 'vitest';
import { saveWhenHidden, type PageHooks } from './page';

function fakePage(persist?: () => Promise<boolean>) {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const win = new EventTarget();
  const page: PageHooks = { window: win, document: doc, navigator: persist ? { storage: { persist } } : {} };
  return { page, win, doc };
}

function countingEngine() {
  const e = { flushes: 0, flush: async () => (e.flushes++, { ok: true as const }) };
  return e;
}

describe('saveWhenHidden', () => {
  it('flushes on pagehide and when the page turns hidden, not when it turns visible; stops once removed', () => {
    let asked = 0;
    const { page, win, doc } = fakePage(async () => (asked++, true));
    const engine = countingEngine();
    const remove = saveWhenHidden(engine, page);
    expect(asked).toBe(1); // storage persistence asked for once
    win.dispatchEvent(new Event('pagehide'));
    expect(engine.flushes).toBe(1);
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(engine.flushes).toBe(1); // still visible
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(engine.flushes).toBe(2);
    remove();
    win.dispatchEvent(new Event('pagehide'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(engine.flushes).toBe(2);
  });

  it('works where the browser cannot persist storage, or refuses', async () => {
    const engine = countingEngine();
    expect(() => saveWhenHidden(engine, fakePage().page)()).not.toThrow();
    const refused = Promise.reject(new Error('no'));
    saveWhenHidden(engine, fakePage(() => refused).page)();
    await refused.catch(() => {}); // the refusal is caught inside, not left unhandled
  });
});
