/**
 * The teacher's side: a scenario form that creates a room, then the room's
 * dashboard: its code and join link (read aloud, typed, or opened from the
 * link), the round's controls, the roster with who is connected, the flags,
 * the verified standings and the CSV export. The admin token stays in this
 * browser (localStorage), so a reload reopens the dashboard.
 */
import { For, Index, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { EXCHANGE_TICKERS, STOCKS } from '../../core/market/instruments';
import { ROOM_ORDER_TYPES, ROOM_SPEEDS, SCENARIO_LIMITS, type RoomOrderType } from '../../protocol/relayScenario';
import { download, today } from '../download';
import { fmtDateTime, fmtMoney, fmtQty, fmtTime } from '../format';
import { useClient } from '../client';
import { RoomBoard } from './Board';
import { ReplayViewer, runReplay, type ReplayTarget } from './ReplayViewer';
import { QrCode } from './QrCode';
import { joinLink, keepAdmin, keepRelayUrl, keepTeacherRoom, keptAdmin, keptRelayUrl, keptTeacherRoom } from './keep';
import { DEFAULT_FIELDS, scenarioOf, type ScenarioFields } from './scenarioForm';
import type { FetchPage } from './replayLoad';
import { TeacherLink, type TeacherSocket, type TeacherState } from './teacher';
import './classroom.css';

const SYMBOLS = [...EXCHANGE_TICKERS, ...STOCKS].map((s) => s.symbol);
const TYPE_TEXT: Record<RoomOrderType, string> = { limit: 'Limit', market: 'Market', stop: 'Stop', stop_limit: 'Stop limit' };
const openSocket = (u: string) => new WebSocket(u) as unknown as TeacherSocket;

export function TeacherRoom() {
  const [url, setUrl] = createSignal(keptRelayUrl(location));
  const [fields, setFields] = createSignal<ScenarioFields>({ ...DEFAULT_FIELDS });
  const [error, setError] = createSignal<string | null>(null);
  const [state, setState] = createSignal<TeacherState | null>(null);
  let link: TeacherLink | null = null;
  onCleanup(() => link?.close());

  const connect = (u: string, start: ConstructorParameters<typeof TeacherLink>[1]) => {
    link?.close();
    link = new TeacherLink(u, start, openSocket, (s) => {
      setState(s);
      if (s.code !== null && s.adminToken !== null) {
        keepAdmin(s.code, { url: u, token: s.adminToken });
        keepTeacherRoom(s.code);
      }
    });
    setState(link.state);
  };

  onMount(() => {
    const code = keptTeacherRoom();
    const kept = code ? keptAdmin(code) : null;
    if (code && kept) connect(kept.url, { code, token: kept.token });
  });

  const set = <K extends keyof ScenarioFields>(k: K, v: ScenarioFields[K]) => setFields({ ...fields(), [k]: v });
  const toggle = <T,>(list: T[], x: T, on: boolean): T[] => (on ? [...list.filter((y) => y !== x), x] : list.filter((y) => y !== x));

  const create = (e: SubmitEvent) => {
    e.preventDefault();
    const s = scenarioOf(fields());
    if (!s.ok) return setError(s.message);
    setError(null);
    keepRelayUrl(url());
    connect(url(), { scenario: s.value });
  };

  const newRoom = () => {
    link?.close();
    link = null;
    keepTeacherRoom(null);
    setState(null);
  };

  const exportCsv = async () => {
    const text = await link?.exportCsv();
    if (text) download(text, `class-${state()?.code ?? 'room'}-${today()}.csv`, 'text/csv');
    else setError('The relay did not send the export; check the connection and try again.');
  };

  return (
    <Show
      when={state()?.code ? state() : null}
      fallback={
        <section class="card" aria-labelledby="h-teach">
          <h2 id="h-teach">Teach a class</h2>
          <p class="muted">Every student trades the same market, streamed from the relay; the board ranks only what the relay verified.</p>
          <Show when={state()?.status === 'connecting'}><p role="status" class="muted">Connecting to the relay…</p></Show>
          <Show when={error() ?? state()?.error}>{(m) => <p class="err-msg" role="alert" data-testid="class-teach-error">{m()}</p>}</Show>
          <form class="grid-form" onSubmit={create}>
            <label>Title
              <input maxLength={SCENARIO_LIMITS.maxTitle} value={fields().title} onInput={(e) => set('title', e.currentTarget.value)} data-testid="class-title" />
            </label>
            <fieldset class="class-choices">
              <legend>Instruments (up to {SCENARIO_LIMITS.maxInstruments})</legend>
              <Index each={SYMBOLS}>
                {(s) => (
                  <label class="check">
                    <input type="checkbox" checked={fields().instruments.includes(s())} onChange={(e) => set('instruments', toggle(fields().instruments, s(), e.currentTarget.checked))} />
                    {s()}
                  </label>
                )}
              </Index>
            </fieldset>
            <label>Starting cash (USD)
              <input inputmode="numeric" required value={fields().startingCash} onInput={(e) => set('startingCash', e.currentTarget.value)} />
            </label>
            <label>Round length (market minutes)
              <input inputmode="numeric" required value={fields().roundMinutes} onInput={(e) => set('roundMinutes', e.currentTarget.value)} data-testid="class-minutes" />
            </label>
            <label>Speed (market time per real second)
              <select value={fields().speed} onChange={(e) => set('speed', e.currentTarget.value)} data-testid="class-speed">
                <For each={ROOM_SPEEDS}>{(s) => <option value={String(s)}>{s}×</option>}</For>
              </select>
            </label>
            <label>Maker fee (bps)
              <input inputmode="decimal" required value={fields().makerFeeBps} onInput={(e) => set('makerFeeBps', e.currentTarget.value)} />
            </label>
            <label>Taker fee (bps)
              <input inputmode="decimal" required value={fields().takerFeeBps} onInput={(e) => set('takerFeeBps', e.currentTarget.value)} />
            </label>
            <fieldset class="class-choices">
              <legend>Order types allowed</legend>
              <For each={ROOM_ORDER_TYPES}>
                {(t) => (
                  <label class="check">
                    <input type="checkbox" checked={fields().orderTypes.includes(t)} onChange={(e) => set('orderTypes', toggle(fields().orderTypes, t, e.currentTarget.checked))} />
                    {TYPE_TEXT[t]}
                  </label>
                )}
              </For>
            </fieldset>
            <label>Relay address
              <input required autocomplete="off" value={url()} onInput={(e) => setUrl(e.currentTarget.value)} data-testid="class-teach-relay" />
            </label>
            <div><button type="submit" class="primary" data-testid="class-create">Create the room</button></div>
          </form>
        </section>
      }
    >
      {(s) => (
        <Dashboard
          s={s()} error={error() ?? s().error} onRound={(a) => link?.round(a)} onExport={() => void exportCsv()} onNew={newRoom}
          fetchPage={(playerId, after) => link?.replayPage(playerId, after) ?? Promise.resolve({ ok: false, code: 'INVALID_COMMAND', message: 'Not connected to the relay.' })}
        />
      )}
    </Show>
  );
}

function Dashboard(props: {
  s: TeacherState; error: string | null; onRound: (a: 'start' | 'pause' | 'resume' | 'end') => void; onExport: () => void; onNew: () => void;
  fetchPage: (playerId: string, after: number) => ReturnType<FetchPage>;
}) {
  const { engine } = useClient();
  const link = () => joinLink(location, props.s.code!);
  const state = () => props.s.round?.state ?? 'lobby';
  const [replaying, setReplaying] = createSignal<ReplayTarget | null>(null);
  return (
    <>
      <section class="card" aria-labelledby="h-room">
        <div class="card-head">
          <h2 id="h-room">{props.s.scenario?.title || 'Your room'}</h2>
          <button type="button" onClick={() => props.onNew()}>New room</button>
        </div>
        <p>Room code <strong class="room-code" data-testid="class-code-shown">{props.s.code}</strong></p>
        <p class="class-link">Join link: <a href={link()} data-testid="class-link">{link()}</a></p>
        <QrCode text={link()} label={`QR code of the join link, ${link()}`} />
        <p class="muted small">Students scan the code or open the link on the room's network, or open Classroom in this app and type the code.</p>
        <Show when={props.s.status === 'offline'}><p class="err-msg" role="alert">The relay is not answering; reconnecting…</p></Show>
        <Show when={props.error}>{(m) => <p class="err-msg" role="alert">{m()}</p>}</Show>
        <p>
          Round: <span class="badge" data-testid="class-teacher-round">{state()}</span>
          <Show when={props.s.round}>{(r) => <span class="muted small"> · market {fmtDateTime(r().marketNow)}, ends {fmtTime(r().endsAt)}</span>}</Show>
        </p>
        <div class="inline-actions">
          <Show when={state() === 'lobby'}><button type="button" class="primary" onClick={() => props.onRound('start')} data-testid="class-start">Start the round</button></Show>
          <Show when={state() === 'running'}><button type="button" onClick={() => props.onRound('pause')} data-testid="class-pause">Pause</button></Show>
          <Show when={state() === 'paused'}><button type="button" class="primary" onClick={() => props.onRound('resume')} data-testid="class-resume">Resume</button></Show>
          <Show when={state() === 'running' || state() === 'paused'}><button type="button" class="danger" onClick={() => props.onRound('end')} data-testid="class-end">End the round</button></Show>
          <button type="button" onClick={() => props.onExport()} data-testid="class-export">Export CSV</button>
        </div>
      </section>
      <section aria-labelledby="h-standings">
        <h2 id="h-standings">Standings</h2>
        <RoomBoard
          rows={props.s.board} caption={`${fmtQty(props.s.board.length)} students · starting cash ${fmtMoney(props.s.scenario?.startingCash ?? null)}`}
          onReplay={state() === 'ended' ? (r) => setReplaying({ playerId: r.playerId, name: r.name }) : undefined}
        />
      </section>
      <Show when={replaying()} keyed>
        {(t) => (
          <ReplayViewer
            target={t}
            fetchPage={(after) => props.fetchPage(t.playerId, after)}
            run={(entries) => runReplay(engine, props.s.scenario, props.s.sim, entries)}
            onClose={() => setReplaying(null)}
          />
        )}
      </Show>
      <section class="card table-wrap" aria-labelledby="h-roster">
        <h2 id="h-roster">Roster</h2>
        <table data-testid="class-roster">
          <thead><tr><th scope="col">Name</th><th scope="col">Connection</th><th scope="col" class="num">Verified entries</th><th scope="col" class="hide-sm">Last seen</th></tr></thead>
          <tbody>
            <For each={props.s.players} fallback={<tr><td colspan="4" class="muted">Nobody yet: share the code.</td></tr>}>
              {(p) => (
                <tr>
                  <th scope="row">{p.name}</th>
                  <td><span class="badge" classList={{ down: !p.connected }}>{p.connected ? 'Connected' : 'Offline'}</span></td>
                  <td class="num">{fmtQty(p.verifiedSeq)}</td>
                  <td class="hide-sm">{p.lastSeen === 0 ? '—' : fmtTime(p.lastSeen)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="h-flags">
        <h2 id="h-flags">Flags</h2>
        <Show when={props.s.flags.length > 0} fallback={<p class="muted">No flags: every entry so far replayed.</p>}>
          <ul data-testid="class-flags">
            <For each={props.s.flags}>{(f) => <li><strong>{f.name}</strong>: {f.code} at entry {fmtQty(f.seq)}: {f.message} <span class="muted small">({fmtTime(f.at)})</span></li>}</For>
          </ul>
        </Show>
      </section>
    </>
  );
}
