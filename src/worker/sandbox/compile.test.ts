import { describe, expect, it } from 'vitest';
import { compile, messageOf, userLine } from './compile';
import { readDeclaration } from './declaration';
import { BLOCKED_GLOBALS, lockDown } from './lockdown';

const run = (code: string): unknown => {
  const c = compile(code);
  if (!c.ok) throw new Error(c.message);
  return c.evaluate();
};

describe('compile', () => {
  it('runs the body in strict mode and answers what it returns', () => {
    expect(run('return { a: 1 };')).toEqual({ a: 1 });
    expect(() => run('undeclared = 1; return 1;')).toThrow(ReferenceError);
    expect(run('return this;')).toBeUndefined();
  });

  it('a syntax error is reported before anything runs, with its message', () => {
    const c = compile('const x = 1;\nlet y = ;\nreturn x;');
    expect(c).toMatchObject({ ok: false, message: expect.stringMatching(/^SyntaxError: /) as unknown });
  });

  it('every blocked name is undefined in the code\'s scope, whatever the global holds', () => {
    for (const name of BLOCKED_GLOBALS) {
      if (name === 'eval') continue; // `eval` cannot be a strict-mode parameter name; lockDown deletes it from the global instead.
      expect(run(`return typeof ${name};`), name).toBe('undefined');
    }
    // Node has fetch on its global: the code still cannot call it.
    expect(typeof fetch).toBe('function');
    expect(() => run('return fetch("https://example.com");')).toThrow(TypeError);
  });

  it('a runtime error\'s line is the line in the person\'s code', () => {
    const def = run('const a = 1;\n\nreturn {\n  onBar(ctx) {\n    return ctx.missing.field;\n  },\n};') as { onBar(ctx: object): unknown };
    let thrown: unknown;
    try {
      def.onBar({});
    } catch (e) {
      thrown = e;
    }
    expect(userLine(thrown)).toBe(5);
    expect(messageOf(thrown)).toMatch(/^TypeError: Cannot read properties of undefined/);
    let top: unknown;
    try {
      run('\nthrow new RangeError("at the top");');
    } catch (e) {
      top = e;
    }
    expect(userLine(top)).toBe(2);
    expect(messageOf(top)).toBe('RangeError: at the top');
  });

  it('messageOf never throws, whatever was thrown', () => {
    expect(messageOf('text')).toBe('Uncaught text');
    expect(messageOf(null)).toBe('Uncaught null');
    const nasty = { toString() { throw new Error('no'); } };
    expect(messageOf(nasty)).toBe('An error that cannot be shown was thrown.');
    expect(messageOf(new Error('x'.repeat(1000))).length).toBe(500);
  });
});

describe('lockDown', () => {
  it('deletes the blocked names from the scope and its prototypes, keeping the sandbox\'s own messaging', () => {
    const sent: unknown[] = [];
    const heard: ((e: { data: unknown }) => void)[] = [];
    const proto = {
      postMessage(m: unknown) { sent.push(m); },
      addEventListener(_t: string, h: (e: { data: unknown }) => void) { heard.push(h); },
    };
    const scope = Object.assign(Object.create(proto) as Record<string, unknown>, {
      fetch: () => 'net', WebSocket: class {}, indexedDB: {}, importScripts: () => {}, self: null as unknown, Math,
    });
    scope.self = scope;
    const { kept, left } = lockDown(scope);
    expect(left).toEqual([]);
    for (const k of ['fetch', 'WebSocket', 'indexedDB', 'importScripts', 'self', 'postMessage', 'addEventListener']) expect(scope[k], k).toBeUndefined();
    expect(scope.Math).toBe(Math);
    kept.post('hello');
    const got: unknown[] = [];
    kept.listen((d) => got.push(d));
    heard[0]({ data: 42 });
    expect(sent).toEqual(['hello']);
    expect(got).toEqual([42]);
  });

  it('a name that cannot be deleted is overwritten, or reported when it stays', () => {
    const scope: Record<string, unknown> = { postMessage() {}, addEventListener() {} };
    Object.defineProperty(scope, 'fetch', { value: () => 'net', writable: false, configurable: false });
    expect(lockDown(scope).left).toEqual(['fetch']);
  });
});

describe('readDeclaration', () => {
  it('reads a declaration, defaults filled; hooks called as the code\'s methods', () => {
    const calls: unknown[] = [];
    const code = { name: 'mine', params: { n: { type: 'integer', default: 3 } }, k: 7, onBar(this: { k: number }, ctx: unknown) { calls.push([this.k, ctx]); } };
    const r = readDeclaration(code);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.def).toMatchObject({ name: 'mine', title: 'mine', description: '', timeframe: '1m', params: code.params });
    r.def.onBar('ctx' as never);
    r.def.init('ctx' as never);
    expect(calls).toEqual([[7, 'ctx']]);
    expect(r.def.onFill).toBeUndefined();
  });

  it('refuses what is not a strategy, saying what is missing', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /must return the strategy/],
      [42, /must return the strategy/],
      [{ onBar() {} }, /needs a `name`/],
      [{ name: 'x' }, /needs an `onBar/],
      [{ name: 'x', onBar: 1 }, /`onBar` must be a function/],
      [{ name: 'x', onBar() {}, timeframe: '2m' }, /`timeframe` must be one of/],
      [{ name: 'x', onBar() {}, params: [] }, /`params` must be an object/],
      [{ name: 'x', onBar() {}, title: 3 }, /`title` must be text/],
    ];
    for (const [x, msg] of cases) expect(readDeclaration(x)).toEqual({ ok: false, message: expect.stringMatching(msg) as unknown });
  });
});
