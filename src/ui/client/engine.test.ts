import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine } from './engine';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('connectEngine', () => {
  it('calls the API exposed at the other end of the worker’s port, and a frame callback passed as a proxy comes back', async () => {
    const ch = new MessageChannel();
    channels.push(ch);
    let frameCb: ((f: unknown) => void) | null = null;
    Comlink.expose(
      {
        instruments: () => [{ symbol: 'FUN' }],
        subscribe: (cb: (f: unknown) => void) => {
          frameCb = cb;
        },
      },
      ch.port1 as unknown as Comlink.Endpoint,
    );
    const engine = connectEngine(ch.port2 as unknown as Worker);
    expect(await engine.instruments()).toEqual([{ symbol: 'FUN' }]);
    const got: unknown[] = [];
    await engine.subscribe(Comlink.proxy((f) => got.push(f)));
    await (frameCb as unknown as (f: unknown) => Promise<void>)({ seq: 1 });
    expect(got).toEqual([{ seq: 1 }]);
  });
});
