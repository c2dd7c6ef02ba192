/**
 * The machinery of the handler table (handlers.ts): a method is registered
 * once, as `read(...)` or `mutate(...)`, with the parser of its arguments.
 * Everything else is derived from that one entry: the method's type in the
 * Comlink API, whether it mutates (answered after the commit; refused, not
 * rerun, when a dying leader leaves it unanswered), and the lookup by name
 * that a follower's message goes through.
 *
 * Inspired by the shape of Actual's loot-core (`app.method(...)` and
 * `mutator(...)`), written for this worker.
 */
import type { Failure } from '../core/codes';
import type { ApiResult, Parsed } from '../protocol';

/**
 * What a commit says: stored (`saved: false` when there is no storage at all
 * and the person was told so when Bourse started), or the failure that kept
 * it from being stored (what it held is kept, and written by a later commit).
 */
export type Committed = { ok: true; saved: boolean } | Failure;

/** What every handler may rely on: the commit that a mutator's answer waits for. */
export interface Committer {
  commit(): Promise<Committed>;
}

/**
 * A mutator's answer when storage has failed before it ran: refused, nothing
 * ran. Storage is tried again first (the same commit as the clock's), so a
 * person who freed space is not refused.
 */
export function refusedUnsaved(f: Failure): Failure {
  return { ok: false, code: f.code, message: `${f.message} Nothing was done; free some space (or reload), then try again.` };
}

/**
 * A mutator's answer when the commit after it failed: it ran (in memory) and
 * is not stored. Never `ok`: the person learns it in this very answer, and
 * what it did is written when storage works again, or lost if Bourse closes first.
 */
export function ranUnsaved(f: Failure): Failure {
  return {
    ok: false, code: f.code,
    message: `${f.message} This was carried out but is NOT saved: it will be lost if Bourse closes before storage works again.`,
  };
}

export type Kind = 'read' | 'mutate';

export interface Entry<C, A extends unknown[], R> {
  readonly kind: Kind;
  readonly parse: (raw: readonly unknown[]) => Parsed<A>;
  /** `args` as parsed; `tab` is the tab that asked (this one, or a follower by its id). */
  readonly run: (ctx: C, args: A, tab: string) => R | Promise<R>;
  /**
   * What a bad argument gets: 'answer' when the method answers with a result
   * (the failure is that answer), 'throw' when it answers with data (a book,
   * candles: there is no failure value to give, so the call is rejected).
   */
  readonly refuse: 'answer' | 'throw';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntry<C> = Entry<C, any, unknown>;

/** A method that only reads (or changes what a tab looks at, which is not stored). */
export function read<C, A extends unknown[], R>(
  parse: (raw: readonly unknown[]) => Parsed<A>,
  run: (ctx: C, args: NoInfer<A>, tab: string) => R | Promise<R>,
  /** `refuse: 'answer'` only for a method that answers with a result (ApiResult). */
  opts: { refuse?: 'answer' | 'throw' } = {},
): Entry<C, A, R> {
  return { kind: 'read', parse, run, refuse: opts.refuse ?? 'throw' };
}

/** A method that changes stored state: it answers with a result, after the commit. */
export function mutate<C extends Committer, A extends unknown[], R extends ApiResult>(
  parse: (raw: readonly unknown[]) => Parsed<A>,
  run: (ctx: C, args: NoInfer<A>, tab: string) => R | Promise<R>,
): Entry<C, A, R> {
  return {
    kind: 'mutate',
    parse,
    run: async (ctx, a, tab) => {
      // "Answered only once committed" holds in every state: with storage failed, nothing runs.
      const before = await ctx.commit();
      if (!before.ok) return refusedUnsaved(before) as R;
      const r = await run(ctx, a, tab);
      const after = await ctx.commit();
      if (!after.ok) return (r.ok ? ranUnsaved(after) : r) as R;
      // No storage at all (told at start): every answer says so too.
      return (r.ok && !after.saved ? { ...r, saved: false } : r) as R;
    },
    refuse: 'answer',
  };
}

/** A method without arguments. */
export const none = (): Parsed<[]> => ({ ok: true, value: [] });

/** The argument list and answer of each method, as the page calls it. */
export type ArgsOf<E> = E extends Entry<never, infer A, unknown> ? A : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnswerOf<E> = E extends Entry<never, any, infer R> ? Awaited<R> : never;

/** The Comlink API a table gives: each method, called without the tab (the worker adds it). */
export type ApiOf<T> = { [N in keyof T]: (...args: ArgsOf<T[N]>) => Promise<AnswerOf<T[N]>> };

export class BadArguments extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'BadArguments';
  }
}

/**
 * A table ready to answer calls by name. The names come from other tabs, so
 * they are looked up in a Map built from the table's own entries: `__proto__`,
 * `constructor` or `toString` is an unknown method like any other.
 */
export class Methods<C> {
  private readonly byName: Map<string, AnyEntry<C>>;

  constructor(table: { readonly [name: string]: AnyEntry<C> }) {
    this.byName = new Map(Object.keys(table).map((name) => [name, table[name]]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether a method changes stored state (so a call to it may have run even if unanswered). Unknown names are not. */
  mutates(name: string): boolean {
    return this.byName.get(name)?.kind === 'mutate';
  }

  /** Parses the arguments, then runs the method; a bad argument changes nothing. */
  async invoke(ctx: C, name: string, tab: string, raw: readonly unknown[]): Promise<unknown> {
    const e = typeof name === 'string' ? this.byName.get(name) : undefined;
    if (e === undefined) throw new Error(`Unknown method ${JSON.stringify(String(name))}.`);
    const a = e.parse(Array.isArray(raw) ? raw : []);
    if (!a.ok) {
      const failure: Failure = { ok: false, code: a.code, message: a.message };
      if (e.refuse === 'answer') return failure;
      throw new BadArguments(failure);
    }
    return e.run(ctx, a.value, tab);
  }
}
