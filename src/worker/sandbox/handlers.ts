/**
 * The handler-table entries of the editor's strategies (spread into
 * `HANDLERS` in ../handlers.ts): the saved code (storage), and the check that
 * compiles it in a sandbox. Running one is the Strategies' own command
 * (`strategyStart` with `strategy: 'user:<name>'`).
 */
import { Code, fail } from '../../core/codes';
import { args, text, type ApiResult } from '../../protocol';
import type { UserStrategyRow } from '../../storage/rows';
import type { HandlerContext } from '../handlers';
import { mutate, none, read } from '../table';
import type { CheckAnswer } from './bridge';
import { sandboxes } from './engine';

type C = HandlerContext;

const nameArg = text(Code.INVALID_COMMAND, 'A strategy name must be text.');
const codeArg = text(Code.INVALID_COMMAND, 'The code must be text.');
const idArg = text(Code.INVALID_COMMAND, 'A strategy id must be text.');
const noStorage = fail(Code.STORAGE_UNAVAILABLE, 'Written strategies are saved in the browser\'s storage, which is not available here.');

export const SANDBOX_HANDLERS = {
  userStrategies: read(none, async (c: C): Promise<ApiResult<{ rows: UserStrategyRow[] }>> => (await c.durable.storage?.userStrategies.list()) ?? noStorage, { refuse: 'answer' }),
  userStrategySave: mutate(args(nameArg, codeArg), async (c: C, [name, code]): Promise<ApiResult<{ row: UserStrategyRow }>> =>
    (await c.durable.storage?.userStrategies.save(name, code)) ?? noStorage),
  userStrategyRename: mutate(args(nameArg, nameArg), async (c: C, [from, to]): Promise<ApiResult<{ row: UserStrategyRow }>> =>
    (await c.durable.storage?.userStrategies.rename(from, to)) ?? noStorage),
  userStrategyDelete: mutate(args(nameArg), async (c: C, [name]): Promise<ApiResult> => (await c.durable.storage?.userStrategies.delete(name)) ?? noStorage),
  /** Compiles and declares the code in a fresh sandbox: ok with what it declares, or the error and its line. */
  userStrategyCheck: read(args(codeArg), (c: C, [code]): Promise<CheckAnswer> => sandboxes(c.terminal, c.durable.storage).check(code)),
  /** What a running user strategy said (ctx.log, refusals, the sandbox's messages), oldest first. */
  userStrategyLog: read(args(idArg), (c: C, [id]): string[] => sandboxes(c.terminal, c.durable.storage).log(id)),
};
