/**
 * The Backtest form: what a person typed, checked before anything runs, and
 * turned into a job for a backtest worker and the inputs a saved run keeps.
 * Parameters are checked one by one with core's checkParams (as the
 * Strategies page does, `../strategyParams.ts`), then together with the
 * strategy's own rule (fast < slow); cash, commission and spread as decimals
 * in the browser's way of writing them; dates as the date inputs give them.
 * The engine checks everything again and has the last word.
 */
import { checkParams } from '../../core/strategy/params';
import type { StrategyDef } from '../../core/strategy/types';
import type { BacktestJob, SavedRunInputs } from '../../protocol';
import { fieldErrors, valuesOf, type ParamInputs } from '../strategyParams';
import { parseDecimal } from '../ticket';
import type { DataSourceOption } from './sources';

export interface RunFields {
  params: ParamInputs;
  /** `YYYY-MM-DD` (a date input's value), or empty for the data's own first or last bar. */
  from: string;
  to: string;
  cash: string;
  /** Percent of each fill's value: "0.2" is 0.2 %. */
  commissionPct: string;
  spreadBps: string;
}

/** Field → message; `params` holds the parameters' own, by name. `form` is a rule across fields. */
export interface RunErrors {
  params: Map<string, string>;
  fields: Map<'from' | 'to' | 'cash' | 'commissionPct' | 'spreadBps' | 'form', string>;
}

export type RunCheck =
  | { ok: true; job: Omit<BacktestJob, 'source'>; inputs: Omit<SavedRunInputs, 'bars' | 'from' | 'to'> & { from: number; to: number } }
  | { ok: false; errors: RunErrors };

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date input's value as UTC ms at 00:00 (null: not a date). */
export function dateValue(s: string): number | null {
  const m = DATE.exec(s.trim());
  if (m === null) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s.trim() ? t : null;
}

/** UTC ms as a date input's value. */
export function dateText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** What the check needs of a strategy: a built-in's declaration, or what the sandbox declared of the person's code. */
export type RunStrategy = Pick<StrategyDef, 'name' | 'title' | 'params' | 'validate'>;

export function checkRun(def: RunStrategy, source: DataSourceOption, f: RunFields): RunCheck {
  const errors: RunErrors = { params: fieldErrors(def.params, f.params), fields: new Map() };
  const params = valuesOf(def.params, f.params);
  if (errors.params.size === 0) {
    const all = checkParams(def.params, params, def.validate);
    if (!all.ok) errors.fields.set('form', all.message);
  }

  const from = f.from.trim() === '' ? source.from : dateValue(f.from);
  const toDay = f.to.trim() === '' ? source.to : dateValue(f.to);
  if (from === null) errors.fields.set('from', 'Enter a start date (year, month, day).');
  if (toDay === null) errors.fields.set('to', 'Enter an end date (year, month, day).');
  if (from !== null && toDay !== null && toDay <= from) errors.fields.set('to', 'The end must come after the start.');
  else if (from !== null && toDay !== null && source.bars > 0 && (from > source.to || toDay + DAY_MS - 1 < source.from)) {
    // Said before the run, not after it: the data's span is known (a source made on demand has none yet: bars 0).
    errors.fields.set(from > source.to ? 'from' : 'to', `No bars between these dates: the data runs from ${dateText(source.from)} to ${dateText(source.to)}.`);
  }

  const cash = parseDecimal(f.cash);
  if (!(cash > 0) || cash > 1e12) errors.fields.set('cash', 'Enter the starting cash: an amount above 0.');
  const commissionPct = f.commissionPct.trim() === '' ? 0 : parseDecimal(f.commissionPct);
  if (!(commissionPct >= 0 && commissionPct < 10)) errors.fields.set('commissionPct', 'Enter a commission from 0 to under 10 % of each trade.');
  const spreadBps = f.spreadBps.trim() === '' ? 0 : parseDecimal(f.spreadBps);
  if (!(spreadBps >= 0 && spreadBps <= 1000)) errors.fields.set('spreadBps', 'Enter a spread from 0 to 1,000 basis points (10 %).');

  if (errors.params.size > 0 || errors.fields.size > 0) return { ok: false, errors };
  // The end date's whole day: a daily bar opens at 00:00, an intraday one later that day.
  const to = toDay! + DAY_MS - 1;
  return {
    ok: true,
    job: {
      strategy: def.name, params, from: from!, to,
      config: { cash, commission: { rate: commissionPct / 100, fixed: 0, perUnit: 0 }, spreadBps },
    },
    inputs: { strategy: def.name, title: def.title, params, sourceId: source.id, sourceName: source.name, from: from!, to, cash, commissionPct, spreadBps },
  };
}
