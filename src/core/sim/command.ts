import { BOT_FIELDS } from '../bots/settings';
import type { RecordedCommand, UserCommand } from './types';

/**
 * Reads a command field by field: only the fields its op has are copied, so
 * a caller cannot smuggle others in (an `account` or `id` where the op has
 * none). The values are not judged here: the exchange and the sim check them
 * where they are used, in the journal's order (a malformed order still uses
 * its id, as it always has), so that replaying a stored command does exactly
 * what it did when it was recorded. Null for an unknown op.
 *
 * `opField` is 'op' for commands now, and 'kind' for the legacy alias: sims
 * recorded before issue 9 wrote `{ t: 'cmd', cmd: { kind: 'place', … } }`
 * into journals that people still hold, and `Sim.replay` must read them.
 */
export function readCommand(x: object, opField: 'op' | 'kind'): UserCommand | null {
  const c = x as Record<string, unknown>;
  const op = c[opField];
  const u = <T>(k: string): T => c[k] as T;
  switch (op) {
    case 'place': {
      const cmd: UserCommand = {
        op, symbol: u('symbol'), side: u('side'), type: u('type'), qty: u('qty'),
      };
      // Optional fields only when present, so the command reads back (and records) as it came.
      for (const k of PLACE_OPTIONAL) if (c[k] !== undefined) (cmd as Record<string, unknown>)[k] = c[k];
      return cmd;
    }
    case 'cancel':
      return { op, id: u('id') };
    case 'modify': {
      const cmd: UserCommand = { op, id: u('id') };
      for (const k of MODIFY_OPTIONAL) if (c[k] !== undefined) (cmd as Record<string, unknown>)[k] = c[k];
      return cmd;
    }
    case 'deposit':
    case 'withdraw':
      return { op, amount: u('amount') };
    case 'reset':
      return c.startingCash !== undefined ? { op, startingCash: u('startingCash') } : { op };
    case 'setRisk':
      return { op, rules: u('rules') };
    case 'botParams': {
      const cmd: UserCommand = { op, symbol: u('symbol') };
      for (const k of BOT_FIELDS) if (c[k] !== undefined) (cmd as Record<string, unknown>)[k] = c[k];
      return cmd;
    }
    case 'strategyStart': {
      const cmd: UserCommand = { op, strategy: u('strategy'), symbol: u('symbol'), budget: u('budget') };
      if (c.timeframe !== undefined) cmd.timeframe = u('timeframe');
      if (c.params !== undefined) cmd.params = copyParams(c.params);
      return cmd;
    }
    case 'strategyPause':
    case 'strategyResume':
    case 'strategyStop':
      return { op, id: u('id') };
    case 'strategyParams':
      return { op, id: u('id'), params: copyParams(c.params) };
    case 'strategyFail':
      return c.line !== undefined ? { op, id: u('id'), message: u('message'), line: u('line') } : { op, id: u('id'), message: u('message') };
    default:
      return null;
  }
}

/**
 * A strategy's parameters as given: an object's own entries copied into a
 * null-prototype object (names come from input: `__proto__` is only a name),
 * anything else as it came (the strategy book refuses it). Values are judged
 * against the strategy's declaration where they are used.
 */
function copyParams<T>(x: unknown): T {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return x as T;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(x)) out[k] = v;
  return out as T;
}

const PLACE_OPTIONAL = ['id', 'price', 'stopPrice', 'tif', 'takeProfit', 'stopLoss'] as const;
const MODIFY_OPTIONAL = ['price', 'stopPrice', 'qty'] as const;

/** The record of a command (`{ t: 'cmd', cmd }`): its fields (already read by readCommand) and the account. */
export function recordOf(account: string, cmd: UserCommand): RecordedCommand {
  return { ...cmd, account };
}
