import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { args, parseAmount, parseSymbol } from '../protocol';
import { BadArguments, Methods, mutate, none, read, type Committed } from './table';

interface Ctx {
  log: string[];
  commit(): Promise<Committed>;
}

/** `outcomes`: what each commit answers, in turn (stored, by default). */
function ctx(...outcomes: Committed[]): Ctx {
  const log: string[] = [];
  return {
    log,
    commit: async () => {
      await Promise.resolve();
      log.push('commit');
      return outcomes.shift() ?? { ok: true, saved: true };
    },
  };
}

const table = {
  hello: read(none, (c: Ctx, _a, tab) => {
    c.log.push(`hello ${tab}`);
    return `hi ${tab}`;
  }),
  book: read(args(parseSymbol), (c: Ctx, [symbol]) => {
    c.log.push(`book ${symbol}`);
    return { symbol };
  }),
  deposit: mutate(args(parseAmount), (c: Ctx, [amount]) => {
    c.log.push(`deposit ${amount}`);
    return { ok: true as const };
  }),
};
const methods = new Methods<Ctx>(table);

describe('the handler table', () => {
  it('knows its methods and which of them mutate', () => {
    expect(methods.names()).toEqual(['hello', 'book', 'deposit']);
    expect(methods.mutates('deposit')).toBe(true);
    expect(methods.mutates('book')).toBe(false);
    expect(methods.mutates('nope')).toBe(false);
  });

  it('passes the asking tab and the parsed arguments', async () => {
    const c = ctx();
    expect(await methods.invoke(c, 'hello', 'tab-2', [])).toBe('hi tab-2');
    expect(await methods.invoke(c, 'book', 'tab-2', ['FUN', 'ignored'])).toEqual({ symbol: 'FUN' });
    expect(c.log).toEqual(['hello tab-2', 'book FUN']);
  });

  it('answers a mutator only after the commit', async () => {
    const c = ctx();
    const r = await methods.invoke(c, 'deposit', 't', [5]);
    expect(r).toEqual({ ok: true });
    // The commit before tries storage again if it had failed: a mutator never runs on top of unsaved state.
    expect(c.log).toEqual(['commit', 'deposit 5', 'commit']);
  });

  const full = { ok: false as const, code: Code.STORAGE_FULL, message: 'Full.' };

  it('storage failed before the call (and still fails): refused, nothing runs', async () => {
    const c = ctx(full);
    const r = await methods.invoke(c, 'deposit', 't', [5]);
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect((r as { message: string }).message).toMatch(/^Full\. Nothing was done/);
    expect(c.log).toEqual(['commit']);
  });

  it('the commit after the call fails: the answer is that failure, saying it ran and is not saved', async () => {
    const c = ctx({ ok: true, saved: true }, full);
    const r = await methods.invoke(c, 'deposit', 't', [5]);
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect((r as { message: string }).message).toMatch(/^Full\. This was carried out but is NOT saved/);
    expect(c.log).toEqual(['commit', 'deposit 5', 'commit']);
  });

  it('no storage at all (told at start): the answer says it is not saved', async () => {
    const c = ctx({ ok: true, saved: false }, { ok: true, saved: false });
    expect(await methods.invoke(c, 'deposit', 't', [5])).toEqual({ ok: true, saved: false });
  });

  it('a bad argument to a mutator is answered with the failure; nothing runs or commits', async () => {
    const c = ctx();
    expect(await methods.invoke(c, 'deposit', 't', ['5'])).toEqual({ ok: false, code: Code.INVALID_AMOUNT, message: 'Amount must be a number.' });
    expect(await methods.invoke(c, 'deposit', 't', [])).toMatchObject({ ok: false, code: Code.INVALID_AMOUNT });
    expect(await methods.invoke(c, 'deposit', 't', 'not a list' as unknown as unknown[])).toMatchObject({ ok: false });
    expect(c.log).toEqual([]);
  });

  it('a bad argument to a read that answers data rejects the call, with the parser’s message', async () => {
    const c = ctx();
    const p = methods.invoke(c, 'book', 't', [42]);
    await expect(p).rejects.toBeInstanceOf(BadArguments);
    await expect(p).rejects.toThrow('A symbol must be text.');
    expect(c.log).toEqual([]);
  });

  it('a name that is no method, Object.prototype’s included, is an unknown method', async () => {
    const c = ctx();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'nope', '']) {
      await expect(methods.invoke(c, name, 't', [])).rejects.toThrow(/^Unknown method/);
      expect(methods.has(name)).toBe(false);
      expect(methods.mutates(name)).toBe(false);
    }
    await expect(methods.invoke(c, 7 as unknown as string, 't', [])).rejects.toThrow(/^Unknown method/);
    expect(c.log).toEqual([]);
  });
});
