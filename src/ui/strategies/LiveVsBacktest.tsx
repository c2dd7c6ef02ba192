import { For, Show, createSignal } from 'solid-js';
import { useClient } from '../client';
import { fmtDateTime, fmtMoney, fmtPct, fmtPrice, fmtQty, fmtSignedMoney, fmtTime, tone } from '../format';
import type { LiveDiffFill, LiveDiffRow, StrategyVsBacktest } from '../../protocol';
import { cents, differenceLine, partsLine } from './liveDiffText';
import './liveDiff.css';

const KIND: Record<LiveDiffRow['kind'], string> = { matched: 'Matched', 'missed live': 'Did not fill live', 'extra live': 'Only live' };

/**
 * "Live vs backtest" on a strategy card: the same strategy with the same
 * parameters backtested over the bars it saw live, side by side. The
 * summary splits the difference in P&L into slippage, fees and the rest in
 * plain words; the table goes signal by signal. Asked on demand (it runs a
 * backtest in the engine), again with "Compare again" while it trades.
 */
export function LiveVsBacktest(props: { id: string; running: boolean }) {
  const { engine } = useClient();
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [answer, setAnswer] = createSignal<StrategyVsBacktest | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const panelId = () => `lvb-${props.id}`;

  const compare = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await engine.strategyVsBacktest(props.id);
      if (r.ok) setAnswer(r.comparison);
      else {
        setAnswer(null);
        setError(r.message);
      }
    } catch (err) {
      setError(String((err as Error)?.message ?? err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () => {
    const next = !open();
    setOpen(next);
    if (next) void compare();
  };

  return (
    <>
      <div class="inline-actions">
        <button type="button" aria-expanded={open()} aria-controls={panelId()} onClick={toggle} data-testid="lvb-open">Live vs backtest</button>
      </div>
      <Show when={open()}>
        <section id={panelId()} class="lvb" aria-labelledby={`${panelId()}-h`} aria-busy={busy()} data-testid="lvb-panel">
          <div class="card-head">
            <h4 id={`${panelId()}-h`}>Live vs backtest</h4>
            <Show when={props.running}>
              <button type="button" disabled={busy()} onClick={() => void compare()}>Compare again</button>
            </Show>
          </div>
          <Show when={busy() && answer() === null}><p class="muted small">Backtesting it over the same bars…</p></Show>
          <Show when={error()}><p class="err-msg" role="alert" data-testid="lvb-error">{error()}</p></Show>
          <Show when={answer()}>{(a) => <Comparison a={a()} />}</Show>
        </section>
      </Show>
    </>
  );
}

function Comparison(props: { a: StrategyVsBacktest }) {
  const a = () => props.a;
  const s = () => props.a.summary;
  return (
    <>
      <p class="muted small">
        The backtest runs the same strategy with the same parameters over the same {a().bars} bars ({fmtDateTime(a().from * 1000)} to{' '}
        {fmtDateTime(a().to * 1000)}), starting with {fmtMoney(a().startEquity)}, paying the exchange's fee ({fmtPct(a().feeRate * 100, false)}) and
        filling each order at the close of the bar that sent it. Live, the same order walked the real order book a moment later. Both P&amp;Ls
        are counted to the close of the last of those bars.
      </p>
      <Show when={a().partial}><p class="lvb-note small" data-testid="lvb-partial">Only part of its run: {a().partial}.</p></Show>
      <For each={a().notes}>{(n) => <p class="lvb-note small">{n}</p>}</For>
      <p class="lvb-summary" data-testid="lvb-summary"><strong>{differenceLine(s())}</strong> {partsLine(s())}</p>
      <dl class="stats lvb-parts">
        <div><dt>Live P&amp;L</dt><dd class={tone(s().livePnl)} data-testid="lvb-live-pnl">{fmtSignedMoney(s().livePnl)}</dd></div>
        <div><dt>Backtest P&amp;L</dt><dd class={tone(s().backtestPnl)} data-testid="lvb-bt-pnl">{fmtSignedMoney(s().backtestPnl)}</dd></div>
        <div><dt>Difference</dt><dd class={tone(s().difference)} data-testid="lvb-diff">{fmtSignedMoney(s().difference)}</dd></div>
        <div><dt>From slippage</dt><dd class={tone(s().fromSlippage)} data-testid="lvb-slippage">{fmtSignedMoney(s().fromSlippage)}</dd></div>
        <div><dt>From fees</dt><dd class={tone(s().fromFees)} data-testid="lvb-fees">{fmtSignedMoney(s().fromFees)}</dd></div>
        <div><dt>The rest</dt><dd class={tone(s().fromOther)} data-testid="lvb-other">{fmtSignedMoney(s().fromOther)}</dd></div>
      </dl>
      <p class="small">
        <span data-testid="lvb-matched">{s().matched}</span> signals filled in both runs, <span data-testid="lvb-missed">{s().missedLive}</span> only
        in the backtest, <span data-testid="lvb-extra">{s().extraLive}</span> only live.
      </p>
      <Show when={a().rows.length > 0} fallback={<p class="muted small">No fills yet in either run.</p>}>
        <div class="table-wrap lvb-table" tabindex="0" role="region" aria-label={`${a().id}: live and backtest fills, signal by signal`}>
          <table data-testid="lvb-rows">
            <caption class="visually-hidden">Each signal: what it got live and in the backtest</caption>
            <thead>
              <tr>
                <th scope="col" rowspan="2">Signal</th><th scope="col" rowspan="2">Side</th><th scope="col" rowspan="2">Reason</th>
                <th scope="colgroup" colspan="3" class="lvb-group">Live</th><th scope="colgroup" colspan="3" class="lvb-group">Backtest</th>
                <th scope="col" rowspan="2" class="num">Slippage cost</th><th scope="col" rowspan="2">Kind</th>
              </tr>
              <tr>
                <th scope="col" class="num">Price</th><th scope="col" class="num">Units</th><th scope="col" class="num">Fee</th>
                <th scope="col" class="num">Price</th><th scope="col" class="num">Units</th><th scope="col" class="num">Fee</th>
              </tr>
            </thead>
            <tbody>
              <For each={a().rows}>
                {(r) => (
                  <tr data-kind={r.kind}>
                    <td><time datetime={new Date(r.t * 1000).toISOString()} title={fmtDateTime(r.t * 1000)}>{fmtTime(r.t * 1000)}</time></td>
                    <td class={r.side === 'buy' ? 'up' : 'down'}>{r.side === 'buy' ? '▲ buy' : '▼ sell'}</td>
                    <td class="lvb-reason">{r.reason}</td>
                    <FillCells f={r.live} />
                    <FillCells f={r.backtest} />
                    {/* A cost: positive when live filled worse, so it is shown in the losing colour. */}
                    <td class={`num ${tone(-cents(r.slippage))}`}>{r.kind === 'matched' ? fmtMoney(cents(r.slippage)) : '—'}</td>
                    <td>{KIND[r.kind]}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  );
}

function FillCells(props: { f: LiveDiffFill | null }) {
  return (
    <Show when={props.f} fallback={<td class="num muted" colspan="3">no fill</td>}>
      {(f) => (
        <>
          <td class="num">{fmtPrice(f().price)}</td>
          <td class="num">{fmtQty(f().units, 4)}</td>
          <td class="num">{fmtMoney(f().fee)}</td>
        </>
      )}
    </Show>
  );
}
