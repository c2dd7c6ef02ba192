import { Match, Show, Switch, createMemo, createResource, createSignal, lazy, onCleanup } from 'solid-js';
import { STAT_INFO } from '../../core/backtest/statInfo';
import { Code } from '../../core/codes';
import type { SeriesMeta } from '../../core/backtest/series';
import type { ApiResult, SavedRunSummary } from '../../protocol';
import { RunForm, type RunPreset } from '../backtest/RunForm';
import { RunResult } from '../backtest/RunResult';
import { SavedRuns } from '../backtest/SavedRuns';
import { StatsTable } from '../backtest/StatsTable';
import { dateText, type RunCheck } from '../backtest/form';
import { recordOf, statsJson } from '../backtest/record';
import { DataImport } from '../backtest/DataImport';
import { MarketPicker } from '../backtest/MarketPicker';
import { GOOG_SAMPLE, MARKET_SOURCE_IDS, marketSource, sourceOf, type DataSourceOption } from '../backtest/sources';
import type { Timeframe } from '../../core/market/candles';
import { freshView, savedView, type RunView } from '../backtest/view';
import { backtestPool, userBacktestPool } from '../backtest/workers';
import { BUILTIN_CHOICES, userChoice, type StrategyChoice } from '../backtest/choices';
import '../backtest/backtest.css';
import { useClient } from '../client';
import { download } from '../download';
import { paramsLine } from '../strategyParams';
import { studyBaseOf, type StudyBase } from '../backtest/studyBase';
import type { RunFields } from '../backtest/form';
import type { SweepPlan } from '../backtest/sweepForm';
import type { BacktestStats } from '../../core/backtest/types';
import type { ParamValue } from '../../core/strategy/types';

// The studies load on demand, in their own chunk (the service worker precaches it, so they work offline): the
// first visit's JavaScript does not carry them.
const SweepPanel = lazy(() => import('../backtest/SweepPanel').then((m) => ({ default: m.SweepPanel })));
const WalkForwardPanel = lazy(() => import('../backtest/WalkForwardPanel').then((m) => ({ default: m.WalkForwardPanel })));
const MonteCarloPanel = lazy(() => import('../backtest/MonteCarloPanel').then((m) => ({ default: m.MonteCarloPanel })));
const PortfolioPanel = lazy(() => import('../backtest/PortfolioPanel').then((m) => ({ default: m.PortfolioPanel })));

type Status = { ok: boolean; text: string } | null;

/**
 * The backtester: a strategy over history, in a backtest worker of the page
 * (never the engine's, so the market does not stall), with progress and
 * Cancel. Every finished run is saved with the engine (IndexedDB, backups);
 * saved runs are listed, opened, exported (trades CSV, statistics JSON),
 * deleted and compared side by side.
 */
export function Backtest() {
  const { engine, market: { instruments } } = useClient();
  const [running, setRunning] = createSignal<{ cancel(): void } | null>(null);
  const [progress, setProgress] = createSignal<{ done: number; total: number } | null>(null);
  const [status, setStatus] = createSignal<Status>(null);
  const [view, setView] = createSignal<RunView | null>(null);
  const [compared, setCompared] = createSignal<SavedRunSummary[] | null>(null);
  const [saved, { refetch }] = createResource<ApiResult<{ runs: SavedRunSummary[] }>>(() => engine.backtestRuns());
  // The person's own strategies, each declared by the sandbox (its parameters), listed after the built-ins.
  const [mine] = createResource(async (): Promise<StrategyChoice[]> => {
    const r = await engine.userStrategies();
    if (!r.ok) return [];
    return Promise.all(r.rows.map(async (row) => userChoice(row.name, row.code, await engine.userStrategyCheck(row.code))));
  });
  const strategies = () => [...BUILTIN_CHOICES, ...(mine() ?? [])];
  const [listed, { refetch: relist }] = createResource<ApiResult<{ rows: SeriesMeta[] }>>(() => engine.seriesList());
  // A source made on demand: this simulator's candles of a market, or a crypto pair's from Binance.
  const [simSymbol, setSimSymbol] = createSignal('FUN');
  const [cryptoSymbol, setCryptoSymbol] = createSignal<string | null>(null);
  const [marketTf, setMarketTf] = createSignal<Timeframe>('1m');
  const cryptoPairs = () => instruments().filter((i) => i.group === 'crypto');
  const sources = (): DataSourceOption[] => {
    const l = listed();
    const listedSources = l?.ok && l.rows.length > 0 ? l.rows.map((m) => sourceOf(m, (id) => engine.seriesGet(id))) : [GOOG_SAMPLE];
    const onDemand = [marketSource('sim', simSymbol(), marketTf(), (sym, tf) => engine.seriesFromSim(sym, tf as Timeframe))];
    const pair = cryptoSymbol() ?? cryptoPairs()[0]?.symbol;
    if (pair !== undefined) onDemand.push(marketSource('crypto', pair, marketTf(), (sym, tf) => engine.seriesFromKlines(sym, tf as Timeframe)));
    return [...listedSources, ...onDemand];
  };
  const [sourceId, setSourceId] = createSignal(GOOG_SAMPLE.id);
  const chosen = () => sources().find((s) => s.id === sourceId()) ?? sources()[0];
  const runs = () => {
    const s = saved();
    return s?.ok ? s.runs : [];
  };
  // Leaving the page stops a run that nobody will see.
  onCleanup(() => running()?.cancel());

  // The studies (sweep, walk-forward, portfolio) run on what the form holds; a sweep's set can go back into it.
  const [draft, setDraft] = createSignal<{ strategy: StrategyChoice; fields: RunFields } | null>(null);
  const [preset, setPreset] = createSignal<RunPreset | null>(null);
  const [sweepPlan, setSweepPlan] = createSignal<{ plan: SweepPlan; statKey: keyof BacktestStats; maximize: boolean } | null>(null);
  // A memo: the panels hear of another strategy, not of every keystroke in the form.
  const studyStrategy = createMemo(() => draft()?.strategy ?? strategies()[0]);
  const baseOf = (ownParams: boolean): StudyBase => {
    const d = draft();
    return d === null ? { ok: false, message: 'The form is not ready yet.' } : studyBaseOf(d.strategy, chosen(), d.fields, ownParams);
  };
  // A sweep and a walk-forward set the parameters themselves; a portfolio runs the form's.
  const sweepBase = () => baseOf(false);
  const portfolioBase = () => baseOf(true);
  // The person's own code runs only in the sandboxed workers.
  const studyPool = () => (studyStrategy().code !== undefined ? userBacktestPool() : backtestPool());
  const useParams = (params: Readonly<Record<string, ParamValue>>) => {
    setPreset({ strategy: studyStrategy().name, params });
    setStatus({ ok: true, text: `${paramsLine(params)} is in the form: Run to see that backtest in full.` });
    document.getElementById('h-bt-run')?.scrollIntoView({ block: 'start' });
  };

  const run = async (def: StrategyChoice, source: DataSourceOption, check: Extract<RunCheck, { ok: true }>) => {
    setStatus(null);
    setProgress(null);
    let handle: { cancel(): void } | null = null;
    try {
      const src = await source.source();
      if (!src.ok) return setStatus({ ok: false, text: `The data could not be read: ${src.message}` });
      // The person's code runs only in the sandboxed backtest worker, a fresh one per run.
      const job = { ...check.job, source: src.source, ...(def.code !== undefined ? { code: def.code } : {}) };
      const h = (def.code !== undefined ? userBacktestPool() : backtestPool()).run(job, (done, total) => setProgress({ done, total }));
      handle = h;
      setRunning(h);
      const answer = await h.done;
      if (!answer.ok) {
        setStatus({ ok: false, text: answer.code === Code.CANCELLED ? 'Cancelled: nothing was saved.' : `The backtest did not run: ${answer.message}` });
        return;
      }
      const { result, data } = answer;
      // A series made on demand is named by what it is ("FUN 1m — this simulator's candles"), not by the picker's title.
      const inputs = src.source.kind === 'columns' ? { ...check.inputs, sourceName: src.source.name.slice(0, 200) } : check.inputs;
      const record = recordOf(result, data, inputs);
      const fresh = freshView(result, data, record.inputs, def.title);
      setView(fresh);
      const kept = await engine.backtestRunSave(record);
      if (kept.ok) {
        setView({ ...fresh, id: kept.id });
        const what = `${result.trades.length.toLocaleString()} trades over ${result.bars.toLocaleString()} bars`;
        setStatus(
          result.error === null
            ? { ok: true, text: `Done: ${what}, saved as run ${kept.id}.` }
            : { ok: false, text: `Stopped by an error in the strategy after ${what}; saved as run ${kept.id} with the error.` },
        );
        void refetch();
      } else setStatus({ ok: false, text: `Done, but not saved: ${kept.message}` });
    } catch (e) {
      setStatus({ ok: false, text: `The backtest did not run: ${String((e as Error)?.message ?? e)}` });
    } finally {
      if (running() === handle) setRunning(null);
      setProgress(null);
    }
  };

  const open = async (id: number) => {
    const r = await engine.backtestRunGet(id);
    if (!r.ok) return setStatus({ ok: false, text: r.message });
    setView(savedView(r.run));
    // Its inputs back in the form (strategy, parameters, data, dates, costs), so Run gives it again, with its fills on the candles.
    const i = r.run.inputs;
    setPreset({
      strategy: i.strategy, params: i.params,
      fields: { from: dateText(i.from), to: dateText(i.to), cash: String(i.cash), commissionPct: String(i.commissionPct), spreadBps: String(i.spreadBps) },
    });
    const here = sources().some((s) => s.id === i.sourceId);
    if (here) setSourceId(i.sourceId);
    setStatus(here ? null : { ok: false, text: `Run ${id} ran on ${i.sourceName}, which is no longer here: pick data to run it again.` });
    document.getElementById('h-bt-result')?.scrollIntoView({ block: 'start' });
  };
  const csv = async (id: number) => {
    const r = await engine.backtestRunCsv(id);
    if (r.ok) download(r.csv, `bourse-backtest-${id}-trades.csv`, 'text/csv');
    else setStatus({ ok: false, text: r.message });
  };
  const json = (r: SavedRunSummary) => download(statsJson(r.inputs, r.stats, STAT_INFO), `bourse-backtest-${r.id}-stats.json`, 'application/json');
  const remove = async (id: number) => {
    const r = await engine.backtestRunDelete(id);
    setStatus(r.ok ? { ok: true, text: `Run ${id} deleted.` } : { ok: false, text: r.message });
    if (view()?.id === id) setView(null);
    setCompared((c) => c?.filter((x) => x.id !== id) ?? null);
    void refetch();
  };
  const removeSeries = async (s: DataSourceOption) => {
    const r = await engine.seriesRemove(s.id);
    setStatus(r.ok ? { ok: true, text: `${s.name} deleted (runs saved on it keep their figures).` } : { ok: false, text: r.message });
    if (r.ok) {
      setSourceId(GOOG_SAMPLE.id);
      void relist();
    }
  };
  const summaryOfView = (v: RunView): SavedRunSummary | null => runs().find((r) => r.id === v.id) ?? null;

  return (
    <section aria-labelledby="h-backtest" class="backtest">
      <h1 id="h-backtest">Backtest</h1>
      <p class="muted">
        Run a strategy over past prices and see what it would have done: the same code that trades in the simulator, with backtesting.py's
        fill rules and statistics. Runs happen beside the market, which keeps going; every finished run is saved in this browser.
      </p>
      <RunForm strategies={strategies()} sources={sources()} sourceId={sourceId()} onSource={setSourceId} running={running() !== null} progress={progress()}
        onRun={(d, s, c) => void run(d, s, c)} onCancel={() => running()?.cancel()}
        onDraft={(strategy, fields) => setDraft({ strategy, fields })} preset={preset()}
        sourceFields={
          <Switch>
            <Match when={sourceId() === MARKET_SOURCE_IDS.sim}>
              <MarketPicker instruments={instruments()} symbol={simSymbol()} timeframe={marketTf()} onSymbol={setSimSymbol} onTimeframe={setMarketTf} />
            </Match>
            <Match when={sourceId() === MARKET_SOURCE_IDS.crypto}>
              <MarketPicker instruments={cryptoPairs()} symbol={cryptoSymbol() ?? cryptoPairs()[0]?.symbol ?? ''} timeframe={marketTf()} onSymbol={setCryptoSymbol} onTimeframe={setMarketTf} />
            </Match>
          </Switch>
        }
        extra={
          <>
            <Show when={chosen().imported}>
              <p class="inline-actions">
                <button type="button" class="danger" onClick={() => void removeSeries(chosen())}>Delete the series “{chosen().name}”</button>
              </p>
            </Show>
            <DataImport onImported={(m) => { void relist(); setSourceId(m.id); }} />
          </>
        } />
      <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="bt-status">{status()?.text ?? ''}</p>
      <Show when={view()}>
        {(v) => (
          <RunResult view={v()} actions={
            <Show when={v().id !== null}>
              <div class="bt-actions">
                <button type="button" onClick={() => void csv(v().id!)}>Trades CSV</button>
                <button type="button" onClick={() => { const s = summaryOfView(v()); if (s) json(s); }}>Statistics JSON</button>
              </div>
            </Show>
          } />
        )}
      </Show>
      <Show when={view()}>{(v) => <MonteCarloPanel view={v()} pool={backtestPool} />}</Show>
      <Show when={compared()}>
        {(c) => (
          <section class="card" aria-labelledby="h-bt-compare" data-testid="bt-comparison">
            <div class="card-head">
              <h2 id="h-bt-compare">Comparison</h2>
              <button type="button" onClick={() => setCompared(null)}>Close</button>
            </div>
            <StatsTable id="bt-compare" caption="Statistics of the compared runs, one column each"
              columns={c().map((r) => ({ key: String(r.id), title: `Run ${r.id}`, detail: `${r.inputs.title}, ${paramsLine(r.inputs.params)}`, stats: r.stats }))} />
          </section>
        )}
      </Show>
      <section class="card" aria-labelledby="h-bt-saved">
        <h2 id="h-bt-saved">Saved runs</h2>
        <Show when={saved()} fallback={<p class="muted">Loading…</p>}>
          {(s) => (
            <Show when={s().ok} fallback={<p class="err-msg">{(s() as { message?: string }).message}</p>}>
              <Show when={runs().length > 0} fallback={<p class="muted" data-testid="bt-no-runs">None yet: every run you finish is kept here (the newest 100).</p>}>
                <SavedRuns runs={runs()} openId={view()?.id ?? null} onOpen={(id) => void open(id)} onCsv={(id) => void csv(id)} onJson={json}
                  onDelete={(id) => void remove(id)} onCompare={(rs) => setCompared(rs)} />
              </Show>
            </Show>
          )}
        </Show>
      </section>
      <SweepPanel strategy={studyStrategy()} base={sweepBase} pool={studyPool} onUse={useParams}
        onPlan={(plan, statKey, maximize) => setSweepPlan({ plan, statKey, maximize })} />
      <WalkForwardPanel strategy={studyStrategy()} base={sweepBase} plan={sweepPlan()?.plan ?? null} statKey={sweepPlan()?.statKey ?? 'sqn'}
        maximize={sweepPlan()?.maximize ?? true} pool={studyPool} />
      <PortfolioPanel strategy={studyStrategy()} sources={sources()} base={portfolioBase} pool={studyPool} />
    </section>
  );
}
