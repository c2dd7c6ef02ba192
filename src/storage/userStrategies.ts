import { Code, fail, type Failure, type Result } from '../core/codes';
import { Bad, type Obj } from './check';
import type { BourseDb } from './db';
import type { UserStrategyRow } from './rows';

/**
 * The strategies the person wrote: their JavaScript source by name. The
 * editor saves, renames and deletes them through the worker; a backup carries
 * them (`readUserStrategy` checks each row of a file like every other row).
 * The code is never run here: the sandbox (`src/worker/sandbox`) compiles it.
 */

/** Letters, digits, `-` and `_`, starting with a letter or digit: safe in `user:<name>`, a file name, a URL. */
export const USER_STRATEGY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** 100,000 characters: a strategy is a few hundred lines; a file far beyond that is not one, and would bloat every backup. */
export const MAX_CODE_CHARS = 100_000;
/** Far more than a person writes; a bound so a file cannot fill the database with thousands of them. */
export const MAX_USER_STRATEGIES = 500;
const MAX_TIME = 8.64e15;

/** Why `name` is not a strategy name, or null when it is one. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return 'A strategy needs a name.';
  if (!USER_STRATEGY_NAME.test(name)) {
    return `"${name.slice(0, 80)}" is not a strategy name: use 1 to 64 letters, digits, "-" or "_", starting with a letter or digit.`;
  }
  return null;
}

/** Why `code` cannot be saved, or null when it can. */
export function codeProblem(code: unknown): string | null {
  if (typeof code !== 'string') return 'A strategy\'s code must be text.';
  if (code.length > MAX_CODE_CHARS) {
    return `The code is ${code.length.toLocaleString('en')} characters long; a strategy may have at most ${MAX_CODE_CHARS.toLocaleString('en')}.`;
  }
  return null;
}

function time(r: Obj, k: string, where: string): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_TIME) throw new Bad(`${where}: "${k}" must be a time (UTC ms).`);
  return v;
}

/** A row from a backup file, checked and stripped to its fields; throws `Bad`. */
export function readUserStrategy(r: Obj, where: string): UserStrategyRow {
  const n = nameProblem(r.name);
  if (n !== null) throw new Bad(`${where}: ${n}`);
  const c = codeProblem(r.code);
  if (c !== null) throw new Bad(`${where}: ${c}`);
  return { name: r.name as string, code: r.code as string, createdAt: time(r, 'createdAt', where), updatedAt: time(r, 'updatedAt', where) };
}

type Run = <T extends object>(op: () => Promise<Result<T>>) => Promise<Result<T>>;

const invalid = (message: string): Failure => fail(Code.INVALID_COMMAND, message);
const missing = (name: string): Failure => fail(Code.INVALID_COMMAND, `There is no saved strategy named "${name}".`);

/** `store.userStrategies`: on the Store's database, through its `run` (refused when it is; storage errors as results). */
export class UserStrategies {
  constructor(
    private readonly db: BourseDb,
    private readonly run: Run,
    private readonly now: () => number,
  ) {}

  /** Every saved strategy, by name. */
  list(): Promise<Result<{ rows: UserStrategyRow[] }>> {
    return this.run(async () => ({ ok: true, rows: await this.db.userStrategies.orderBy('name').toArray() }));
  }

  get(name: string): Promise<Result<{ row: UserStrategyRow }>> {
    const bad = nameProblem(name);
    if (bad !== null) return Promise.resolve(invalid(bad));
    return this.run(async () => {
      const row = await this.db.userStrategies.get(name);
      return row === undefined ? missing(name) : { ok: true, row };
    });
  }

  /** Creates or replaces `name`'s code (its creation time is kept). */
  save(name: string, code: string): Promise<Result<{ row: UserStrategyRow }>> {
    const bad = nameProblem(name) ?? codeProblem(code);
    if (bad !== null) return Promise.resolve(invalid(bad));
    const db = this.db;
    return this.run(() =>
      db.transaction('rw', db.userStrategies, async (): Promise<Result<{ row: UserStrategyRow }>> => {
        const old = await db.userStrategies.get(name);
        if (old === undefined && (await db.userStrategies.count()) >= MAX_USER_STRATEGIES) {
          return invalid(`You have ${MAX_USER_STRATEGIES} strategies saved, the most Bourse keeps: delete one first.`);
        }
        const at = this.now();
        const row: UserStrategyRow = { name, code, createdAt: old?.createdAt ?? at, updatedAt: at };
        await db.userStrategies.put(row);
        return { ok: true, row };
      }),
    );
  }

  /** Renames `from` to `to`; refused when `to` is taken (nothing is overwritten). */
  rename(from: string, to: string): Promise<Result<{ row: UserStrategyRow }>> {
    const bad = nameProblem(from) ?? nameProblem(to);
    if (bad !== null) return Promise.resolve(invalid(bad));
    const db = this.db;
    return this.run(() =>
      db.transaction('rw', db.userStrategies, async (): Promise<Result<{ row: UserStrategyRow }>> => {
        const old = await db.userStrategies.get(from);
        if (old === undefined) return missing(from);
        if (from === to) return { ok: true, row: old };
        if ((await db.userStrategies.get(to)) !== undefined) return fail(Code.DUPLICATE_ID, `A strategy named "${to}" exists already.`);
        const row: UserStrategyRow = { ...old, name: to, updatedAt: this.now() };
        await db.userStrategies.delete(from);
        await db.userStrategies.add(row);
        return { ok: true, row };
      }),
    );
  }

  delete(name: string): Promise<Result> {
    const bad = nameProblem(name);
    if (bad !== null) return Promise.resolve(invalid(bad));
    return this.run(async () => {
      if ((await this.db.userStrategies.get(name)) === undefined) return missing(name);
      await this.db.userStrategies.delete(name);
      return { ok: true };
    });
  }
}
