import { checkParams, checkSpecs } from '../../core/strategy/params';
import { StrategyRunner } from '../../core/strategy/runner';
import type { StrategyDef } from '../../core/strategy/types';
import { compile, messageOf, userLine } from './compile';
import { readDeclaration } from './declaration';
import type { Answer, BarSnapshot, DeclarationSummary, Request } from './messages';
import { MAX_LOG_CHARS, MAX_LOG_PER_BAR, MAX_ORDERS_PER_BAR } from './messages';
import { MirrorBroker } from './mirrorBroker';
import { runnerFromText, runnerText } from './runnerText';

/**
 * The sandbox's logic, without the Worker: a request in, an answer out. The
 * person's code runs only here (compiled by `compile.ts`), inside the SDK's
 * own `StrategyRunner` over a `MirrorBroker`, so a hook that throws stops the
 * strategy with the message and its line, exactly as a built-in would. The
 * Worker entry (`sandbox.worker.ts`) locks its global down and wires this to
 * its messages; tests drive it directly.
 */
export class SandboxHost {
  private runner: StrategyRunner | null = null;
  private broker: MirrorBroker | null = null;
  /** The parameters the runner has, as JSON, to see a `strategyParams` arrive with a bar. */
  private paramsJson = '';
  private log: string[] = [];

  handle(raw: unknown): Answer | null {
    const req = raw as Request;
    if (req === null || typeof req !== 'object' || typeof req.seq !== 'number') return null;
    switch (req.t) {
      case 'check': {
        const d = declare(req.code, req.seq);
        return 'def' in d ? { t: 'checked', seq: req.seq, ok: true, summary: summaryOf(d.def) } : d;
      }
      case 'load':
        return this.load(req);
      case 'bar':
        return this.bar(req.seq, req.snap);
      default:
        return null;
    }
  }

  private load(req: Extract<Request, { t: 'load' }>): Answer {
    const d = declare(req.code, req.seq);
    if (!('def' in d)) return d;
    const checked = checkParams(d.def.params, req.params, d.def.validate);
    if (!checked.ok) return failed(req.seq, checked.message);
    const broker = new MirrorBroker(req.lot > 0 ? req.lot : 1);
    const opts = { symbol: req.symbol, timeframe: req.timeframe, lineOf: userLine };
    let runner: StrategyRunner | null = null;
    let note: string | undefined;
    if (typeof req.state === 'string') {
      // After a reload: on from where it was; a state that does not fit (the code changed, a bad row) starts it afresh, said in its log.
      const r = runnerFromText(d.def, checked.values, broker, opts, req.state);
      if (r.ok) {
        runner = r.runner;
        note = `Resumed where it was: bar ${runner.barIndex}, its indicators and ctx.state as they were.`;
      } else note = `Could not resume where it was (${r.message}): started afresh.`;
    }
    if (runner === null) {
      runner = new StrategyRunner(d.def, checked.values, broker, opts);
      this.forward(runner);
      broker.begin(null);
      const started = runner.start();
      broker.end();
      if (!started) return failed(req.seq, runner.error?.message ?? 'init failed.', runner.error?.line);
    } else this.forward(runner);
    this.runner = runner;
    this.broker = broker;
    this.paramsJson = JSON.stringify(req.params ?? {});
    this.log = [];
    const a: Answer = { t: 'loaded', seq: req.seq, ok: true, summary: summaryOf(d.def) };
    if (note !== undefined) a.note = note;
    return a;
  }

  /** Its log lines (ctx.log, its refusals, its signals) go back to the engine with each answer. */
  private forward(runner: StrategyRunner): void {
    const addLog = runner.history.addLog.bind(runner.history);
    runner.history.addLog = (time: number, message: string) => {
      addLog(time, message);
      if (this.log.length < MAX_LOG_PER_BAR) this.log.push(String(message).slice(0, MAX_LOG_CHARS));
    };
  }

  private bar(seq: number, snap: BarSnapshot): Answer {
    const { runner, broker } = this;
    if (runner === null || broker === null) return failed(seq, 'The strategy was not loaded.');
    this.log = [];
    if (snap.params !== undefined && JSON.stringify(snap.params) !== this.paramsJson) {
      // Changed by the person (strategyParams, checked by the sim): in force from this bar, init runs again.
      const checked = checkParams(runner.def.params, snap.params, runner.def.validate);
      if (!checked.ok) return failed(seq, checked.message);
      runner.setParams(checked.values);
      this.paramsJson = JSON.stringify(snap.params);
    }
    broker.begin(snap);
    // Its fills since the bar before first (ctx.bar is still that bar, as for a built-in), then the new bar.
    for (const f of snap.fills ?? []) {
      if (runner.status !== 'running') break;
      runner.onFill(f);
    }
    if (runner.status === 'running') runner.onBar(snap.bar);
    const orders = broker.end().slice(0, MAX_ORDERS_PER_BAR);
    if (runner.status === 'error') return failed(seq, runner.error?.message ?? 'The strategy failed.', runner.error?.line);
    const log = this.log;
    this.log = [];
    return { t: 'done', seq, ok: true, orders, log, state: runnerText(runner) };
  }
}

function failed(seq: number, message: string, line?: number, column?: number): Answer {
  const a: Answer = { t: 'failed', seq, ok: false, message };
  if (line !== undefined) a.line = line;
  if (column !== undefined) a.column = column;
  return a;
}

/** Compiles and runs the code's body, and reads what it returned as a declaration. */
function declare(code: string, seq: number): { def: StrategyDef } | Answer {
  if (typeof code !== 'string') return failed(seq, 'No code.');
  const c = compile(code);
  if (!c.ok) return failed(seq, c.message, c.line, c.column);
  let value: unknown;
  try {
    value = c.evaluate();
  } catch (e) {
    return failed(seq, messageOf(e), userLine(e));
  }
  const d = readDeclaration(value);
  if (!d.ok) return failed(seq, d.message);
  const bad = checkSpecs(d.def.params);
  if (bad !== null) return failed(seq, bad);
  return { def: d.def };
}

function summaryOf(def: StrategyDef): DeclarationSummary {
  return { name: def.name, title: def.title, description: def.description, timeframe: def.timeframe, params: { ...def.params } };
}
