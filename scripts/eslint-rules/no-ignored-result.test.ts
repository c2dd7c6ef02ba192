import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { noIgnoredResult } from './no-ignored-result.js';

// ESLint's RuleTester runs its cases through these hooks: vitest's, so each case is a test.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
RuleTester.afterAll = afterAll;

const tester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: {
      // Each case is a file that does not exist on disk: the project service types it with default options.
      projectService: { allowDefaultProject: ['*.ts'] },
      tsconfigRootDir: import.meta.dirname,
    },
  },
});

// The shapes of src/core/codes.ts and src/protocol/results.ts, declared in each case.
const types = `
type Failure = { ok: false; code: string; message: string };
type Result<T extends object = object> = ({ ok: true } & T) | Failure;
declare function run(): Result;
declare function place(): Result<{ id: string }>;
declare function later(): Promise<Result>;
declare function plain(): { ok: true; now: number };
declare function flag(): boolean;
declare function nothing(): void;
declare const maybe: { run(): Result } | undefined;
declare function setMsg<U extends Result>(value: U): U;
declare class Ex { apply(cmd: unknown): Result; }
declare const ex: Ex;
declare function looseOk(): { ok: boolean; errors: string[] };
`;
const ignored = [{ messageId: 'ignored' as const }];

tester.run('no-ignored-result', noIgnoredResult, {
  valid: [
    { name: 'the result read', code: `${types} const r = run(); if (!r.ok) throw new Error(r.message);` },
    { name: 'the result returned', code: `${types} function f(): Result { return run(); }` },
    { name: 'a deliberate drop, written void', code: `${types} void run();` },
    { name: 'an awaited result kept', code: `${types} async function f() { const r = await later(); return r.ok; }` },
    { name: 'a value with only ok: true is not a result', code: `${types} plain();` },
    { name: 'not a result', code: `${types} flag(); nothing();` },
    { name: 'a setter that hands back what it was given', code: `${types} setMsg(run());` },
    { name: 'an assignment, not a call', code: `${types} let r: Result; r = run();` },
  ],
  invalid: [
    { name: 'a call dropped', code: `${types} run();`, errors: ignored },
    { name: 'a result with fields dropped', code: `${types} place();`, errors: ignored },
    { name: 'a method call dropped', code: `${types} ex.apply({ op: 'deposit' });`, errors: ignored },
    { name: 'an optional call dropped', code: `${types} maybe?.run();`, errors: ignored },
    { name: 'an awaited call dropped', code: `${types} async function f() { await later(); }`, errors: ignored },
    { name: 'a promise of a result dropped, even with a catch', code: `${types} later().catch((e: unknown) => { throw e; });`, errors: ignored },
    { name: 'a promise of a result passed on by then, dropped', code: `${types} later().then((r) => r);`, errors: ignored },
    { name: 'ok: boolean is a result too', code: `${types} looseOk();`, errors: ignored },
    { name: 'inside a loop body', code: `${types} for (const c of [1, 2]) ex.apply(c);`, errors: ignored },
  ],
});
