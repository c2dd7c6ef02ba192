/**
 * What the studies (sweep, walk-forward, portfolio) take from the run form
 * above them: the strategy's job without its data (date range, cash,
 * commission, spread as the form checks them) and the chosen data source. A
 * sweep and a walk-forward set the parameters themselves, so the form's are
 * replaced by the strategy's defaults there (a half-typed parameter does not
 * block a sweep); a portfolio runs the form's own. The form's first refusal
 * otherwise, said in a sentence.
 */
import type { BacktestJob } from '../../protocol';
import { inputsOf } from '../strategyParams';
import { checkRun, type RunFields, type RunStrategy } from './form';
import type { DataSourceOption } from './sources';

export type StudyBase =
  | {
    ok: true; job: Omit<BacktestJob, 'source'>; source: DataSourceOption; cash: number;
    /** Whether a date was typed: without one the range is the chosen source's, which a portfolio of other series does not share. */
    typedRange: boolean;
  }
  | { ok: false; message: string };

export function studyBaseOf(def: RunStrategy, source: DataSourceOption, fields: RunFields, ownParams: boolean): StudyBase {
  const r = checkRun(def, source, ownParams ? fields : { ...fields, params: inputsOf(def.params) });
  if (r.ok) return { ok: true, job: r.job, source, cash: r.inputs.cash, typedRange: fields.from.trim() !== '' || fields.to.trim() !== '' };
  const first = [...r.errors.params.values(), ...r.errors.fields.values()][0] ?? 'a field is not right';
  return { ok: false, message: `Fix the form above first: ${first}` };
}
