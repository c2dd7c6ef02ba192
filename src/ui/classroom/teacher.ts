/**
 * The teacher's connection to the relay: creates a room (or reopens one with
 * the admin token this browser kept), and holds what the relay pushes to the
 * room's admin: the round, the board, the roster and its flags. It runs on
 * the page, not the worker: the teacher has no sim, only a view and controls.
 * Plain data and a `changed` callback, so the page wraps it in a signal and
 * the tests drive it with `ws`.
 */
import { Code, fail, type Result } from '../../core/codes';
import {
  readServerFrame, type BoardRow, type ClientMessage, type RelaySocket, type FlagView, type ReplayPage, type RosterRow, type RoundAction, type RoundView,
  type ServerMessage,
} from '../../protocol/relay';
import type { RoomSim, Scenario } from '../../protocol/relayScenario';

/** The teacher's socket to the relay (the protocol's `RelaySocket`). */
export type TeacherSocket = RelaySocket;

export interface TeacherState {
  status: 'connecting' | 'online' | 'offline' | 'closed';
  code: string | null;
  adminToken: string | null;
  scenario: Scenario | null;
  sim: RoomSim | null;
  round: RoundView | null;
  board: BoardRow[];
  players: RosterRow[];
  flags: FlagView[];
  /** The relay's last refusal, shown to the teacher. */
  error: string | null;
}

export type TeacherStart = { scenario: Scenario } | { code: string; token: string };

export class TeacherLink {
  state: TeacherState = {
    status: 'connecting', code: null, adminToken: null, scenario: null, sim: null, round: null, board: [], players: [], flags: [], error: null,
  };
  private ws: TeacherSocket | null = null;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private nextRef = 1;
  private readonly csvWaiters = new Map<number, (text: string | null) => void>();
  /** Replay pages asked for, by ref: answered by a `replayPage` or an `error` with that ref, or null when the socket goes. */
  private readonly pageWaiters = new Map<number, (m: ServerMessage | null) => void>();

  constructor(
    private readonly url: string,
    private start: TeacherStart,
    private readonly open: (url: string) => TeacherSocket,
    private readonly changed: (s: TeacherState) => void,
  ) {
    this.connect();
  }

  round(action: RoundAction): void {
    this.send({ v: 1, type: 'round', action });
  }

  /** The room's CSV, or null when the relay refused or the socket is down. */
  exportCsv(): Promise<string | null> {
    const ref = this.nextRef++;
    return new Promise((ok) => {
      this.csvWaiters.set(ref, ok);
      if (!this.send({ v: 1, type: 'export', ref })) {
        this.csvWaiters.delete(ref);
        ok(null);
      }
    });
  }

  /** One page of a seat's verified session (after the round), or why not. */
  replayPage(playerId: string, after: number): Promise<Result<{ page: ReplayPage }>> {
    const ref = this.nextRef++;
    return new Promise<ServerMessage | null>((ok) => {
      this.pageWaiters.set(ref, ok);
      if (!this.send({ v: 1, type: 'replay', playerId, after, ref })) {
        this.pageWaiters.delete(ref);
        ok(null);
      }
    }).then((m) => {
      if (m?.type === 'replayPage') return { ok: true as const, page: m.page };
      return fail(Code.INVALID_COMMAND, m?.type === 'error' ? m.message : 'The relay is not answering; check the connection and try again.');
    });
  }

  close(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.ws?.close();
    this.set({ status: 'closed' });
  }

  private set(p: Partial<TeacherState>): void {
    this.state = { ...this.state, ...p };
    this.changed(this.state);
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = this.open(this.url);
    this.ws = ws;
    ws.onopen = () => {
      const s = this.start;
      this.send('scenario' in s ? { v: 1, type: 'create', scenario: s.scenario } : { v: 1, type: 'admin', code: s.code, token: s.token });
    };
    ws.onmessage = (e: { data: unknown }) => {
      const m = readServerFrame(e.data);
      if (m !== null) this.onMessage(m);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const w of this.csvWaiters.values()) w(null);
      this.csvWaiters.clear();
      for (const w of this.pageWaiters.values()) w(null);
      this.pageWaiters.clear();
      if (this.stopped) return;
      this.set({ status: 'offline' });
      // Once the room exists, reconnecting reopens it as its admin (never creates a second room).
      this.retry = setTimeout(() => this.connect(), 1_000);
    };
  }

  private onMessage(m: ServerMessage): void {
    const page = m.ref === undefined ? undefined : this.pageWaiters.get(m.ref);
    if (page !== undefined) {
      // A replay page, or the error that refused it: the asker's alone (not the dashboard's error line).
      this.pageWaiters.delete(m.ref!);
      return page(m);
    }
    switch (m.type) {
      case 'created':
        this.start = { code: m.code, token: m.adminToken };
        return this.set({ status: 'online', code: m.code, adminToken: m.adminToken, scenario: m.scenario, sim: m.sim, error: null });
      case 'adminJoined':
        return this.set({ status: 'online', code: m.code, adminToken: 'token' in this.start ? this.start.token : null, scenario: m.scenario, sim: m.sim, error: null });
      case 'round': return this.set({ round: m.round });
      case 'board': return this.set({ board: m.rows });
      case 'roster': return this.set({ players: m.players, flags: m.flags });
      case 'csv': {
        const w = m.ref === undefined ? undefined : this.csvWaiters.get(m.ref);
        if (m.ref !== undefined) this.csvWaiters.delete(m.ref);
        w?.(m.text);
        return;
      }
      case 'error': {
        const w = m.ref === undefined ? undefined : this.csvWaiters.get(m.ref);
        if (w) {
          this.csvWaiters.delete(m.ref!);
          w(null);
        }
        // Without a room, nothing more can happen on this link: a refused create or a stale admin token.
        if (this.state.code === null) {
          this.stopped = true;
          this.ws?.close();
          return this.set({ status: 'closed', error: m.message });
        }
        return this.set({ error: m.message });
      }
      default:
        return;
    }
  }

  private send(m: ClientMessage): boolean {
    if (this.ws?.readyState !== 1) return false;
    this.ws.send(JSON.stringify(m));
    return true;
  }
}
