/**
 * One seat's session replayed after the round, step by step: loaded page by
 * page from the relay (only what it verified), replayed on the worker
 * (`classReplayRun`), then shown a step at a time: Previous / Next, a
 * slider, Play / Pause, and "next action" that skips price-only steps to the
 * next order, cancel or fill. Each step says what it was, the market time,
 * cash, positions, working orders and equity, with the equity line so far.
 * The step's words are announced (aria-live) while stepping by hand, not
 * while playing.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { Code, fail, type Result } from '../../core/codes';
import { isAction, type ReplayStep } from '../../core/classroom/sessionReplay';
import type { JournalEntry } from '../../protocol/relay';
import type { RoomSim, Scenario } from '../../protocol/relayScenario';
import type { EngineRemote } from '../client';
import { fmtDateTime, fmtMoney, fmtQty } from '../format';
import { loadSession, nextMarked, previousMarked, type FetchPage } from './replayLoad';
import { orderLine, stepWords } from './replayWords';
import './classroom.css';

const PLAY_MS = 350;
/** The equity line is drawn with this many points at most (a long session is thinned, evenly). */
const LINE_POINTS = 400;

/** The worker's replay of a session in the room's sim; refused here while the room is not known yet. */
export function runReplay(
  engine: Pick<EngineRemote, 'classReplayRun'>, scenario: Scenario | null, sim: RoomSim | null, entries: JournalEntry[],
): Promise<Result<{ steps: ReplayStep[] }>> {
  if (scenario === null || sim === null) return Promise.resolve(fail(Code.INVALID_COMMAND, 'The room is not known yet.'));
  return engine.classReplayRun({ scenario, sim }, entries);
}

export interface ReplayTarget {
  playerId: string;
  name: string;
}

export function ReplayViewer(props: {
  target: ReplayTarget;
  fetchPage: FetchPage;
  run: (entries: JournalEntry[]) => Promise<Result<{ steps: ReplayStep[] }>>;
  onClose: () => void;
}) {
  const [progress, setProgress] = createSignal<{ got: number; total: number } | null>(null);
  const [phase, setPhase] = createSignal<'loading' | 'replaying' | 'ready' | 'error'>('loading');
  const [error, setError] = createSignal<string | null>(null);
  const [steps, setSteps] = createSignal<ReplayStep[]>([]);
  const [k, setK] = createSignal(0);
  const [playing, setPlaying] = createSignal(false);
  let closed = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let heading: HTMLHeadingElement | undefined;
  // What opened the viewer (the row's Replay button): focus goes back there when it closes, not to the page's top.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    setPlaying(false);
  };
  onCleanup(() => {
    closed = true;
    stop();
    if (opener?.isConnected) opener.focus();
  });

  onMount(() => {
    heading?.focus();
    void (async () => {
      const loaded = await loadSession(props.fetchPage, (got, total) => setProgress({ got, total }), () => closed);
      if (closed) return;
      if (!loaded.ok) {
        setError(loaded.message);
        return setPhase('error');
      }
      setPhase('replaying');
      const r = await props.run(loaded.entries);
      if (closed) return;
      if (!r.ok) {
        setError(r.message);
        return setPhase('error');
      }
      setSteps(r.steps);
      setK(0);
      setPhase('ready');
    })();
  });

  const n = () => steps().length;
  const step = () => steps()[k()] as ReplayStep | undefined;
  const marks = createMemo(() => steps().map(isAction));
  const actions = createMemo(() => marks().filter(Boolean).length);
  const go = (i: number) => setK(Math.max(0, Math.min(n() - 1, i)));
  const nextAction = () => {
    const i = nextMarked(marks(), k());
    if (i >= 0) go(i);
  };
  const previousAction = () => {
    const i = previousMarked(marks(), k());
    if (i >= 0) go(i);
  };
  const play = () => {
    if (playing()) return stop();
    if (k() >= n() - 1) go(0);
    setPlaying(true);
    timer = setInterval(() => {
      if (k() >= n() - 1) return stop();
      go(k() + 1);
    }, PLAY_MS);
  };

  /** The equity line, thinned to LINE_POINTS, and where the current step is on it. */
  const line = createMemo(() => {
    const s = steps();
    if (s.length < 2) return null;
    const every = Math.max(1, Math.ceil(s.length / LINE_POINTS));
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of s) {
      lo = Math.min(lo, x.equity);
      hi = Math.max(hi, x.equity);
    }
    const span = hi - lo || 1;
    const w = 300;
    const h = 60;
    let d = '';
    for (let i = 0; i < s.length; i += every) {
      const x = ((i / (s.length - 1)) * w).toFixed(1);
      const y = (h - 2 - ((s[i].equity - lo) / span) * (h - 4)).toFixed(1);
      d += `${d === '' ? 'M' : 'L'}${x},${y}`;
    }
    const lastY = (h - 2 - ((s[s.length - 1].equity - lo) / span) * (h - 4)).toFixed(1);
    d += `L${w},${lastY}`;
    return { d, lo, hi, w, h };
  });
  const markerX = () => {
    const l = line();
    return l === null ? 0 : (k() / (n() - 1)) * l.w;
  };

  const stepText = () => {
    const s = step();
    return s === undefined ? '' : `Step ${fmtQty(k() + 1)} of ${fmtQty(n())} · ${fmtDateTime(s.now)} · ${stepWords(s)}`;
  };

  return (
    <section class="card replay" aria-labelledby="h-replay" data-testid="replay">
      <div class="card-head">
        <h2 id="h-replay" tabindex="-1" ref={heading}>Replay: {props.target.name}</h2>
        <button type="button" onClick={() => props.onClose()} data-testid="replay-close">Close the replay</button>
      </div>
      <Show when={phase() === 'loading' || phase() === 'replaying'}>
        <p role="status" class="muted" data-testid="replay-loading">
          {phase() === 'loading'
            ? `Loading ${props.target.name}'s verified entries… ${progress() === null ? '' : `${fmtQty(progress()!.got)} of ${fmtQty(progress()!.total)}`}`
            : 'Replaying the session…'}
        </p>
        <progress max={progress()?.total || 1} value={phase() === 'replaying' ? (progress()?.total || 1) : (progress()?.got ?? 0)} aria-label="Loading the session" />
      </Show>
      <Show when={phase() === 'error'}>
        <p class="err-msg" role="alert" data-testid="replay-error">The replay could not be shown: {error()}</p>
      </Show>
      <Show when={phase() === 'ready' && n() === 0}>
        <p class="muted" data-testid="replay-empty">{props.target.name} has no verified entries: there is nothing to replay.</p>
      </Show>
      <Show when={phase() === 'ready' && step()}>
        {(s) => (
          <>
            <p class="muted small">Only what the relay verified: {fmtQty(n())} steps, {fmtQty(actions())} with an order, a cancel or a fill.</p>
            <div class="inline-actions replay-controls" role="group" aria-label="Replay controls">
              <button type="button" onClick={() => go(k() - 1)} disabled={k() === 0} data-testid="replay-prev">Previous</button>
              <button type="button" class="primary" onClick={play} aria-pressed={playing()} data-testid="replay-play">{playing() ? 'Pause' : 'Play'}</button>
              <button type="button" onClick={() => go(k() + 1)} disabled={k() >= n() - 1} data-testid="replay-next">Next</button>
              <button type="button" onClick={previousAction} disabled={previousMarked(marks(), k()) < 0} data-testid="replay-prev-action">Previous action</button>
              <button type="button" onClick={nextAction} disabled={nextMarked(marks(), k()) < 0} data-testid="replay-next-action">Next action</button>
            </div>
            <label class="replay-slider">
              Step
              <input
                type="range" min="1" max={n()} value={k() + 1} data-testid="replay-slider"
                aria-valuetext={`Step ${fmtQty(k() + 1)} of ${fmtQty(n())}`}
                onInput={(e) => {
                  stop();
                  go(Number(e.currentTarget.value) - 1);
                }}
              />
            </label>
            <p class="replay-step" aria-live={playing() ? 'off' : 'polite'} data-testid="replay-step">{stepText()}</p>
            <dl class="stats">
              <div><dt>Market time</dt><dd data-testid="replay-time">{fmtDateTime(s().now)}</dd></div>
              <div><dt>Cash</dt><dd data-testid="replay-cash">{fmtMoney(s().cash)}</dd></div>
              <div><dt>Equity</dt><dd data-testid="replay-equity">{fmtMoney(s().equity)}</dd></div>
            </dl>
            <Show when={line()}>
              {(l) => (
                <figure class="replay-line">
                  <svg viewBox={`0 0 ${l().w} ${l().h}`} preserveAspectRatio="none" aria-hidden="true">
                    <path d={l().d} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
                    <line x1={markerX()} x2={markerX()} y1="0" y2={l().h} class="replay-marker" vector-effect="non-scaling-stroke" />
                  </svg>
                  <figcaption class="muted small">Equity over the session: low {fmtMoney(l().lo)}, high {fmtMoney(l().hi)}; the mark is this step.</figcaption>
                </figure>
              )}
            </Show>
            <div class="replay-holdings">
              <div>
                <h3>Positions</h3>
                <Show when={s().positions.length > 0} fallback={<p class="muted">None.</p>}>
                  <ul data-testid="replay-positions">
                    <For each={s().positions}>{(p) => <li>{p.symbol}: {fmtQty(p.qty, 4)} · {fmtMoney(p.value)}</li>}</For>
                  </ul>
                </Show>
              </div>
              <div>
                <h3>Working orders</h3>
                <Show when={s().orders.length > 0} fallback={<p class="muted">None.</p>}>
                  <ul data-testid="replay-orders">
                    <For each={s().orders}>{(o) => <li>{o.id}: {orderLine(o)}</li>}</For>
                  </ul>
                </Show>
              </div>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
