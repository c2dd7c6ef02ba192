/**
 * The teacher's link against a real relay in this process: it creates a room,
 * sees students on the roster and the board, runs the round, exports the CSV,
 * reopens the room with the admin token after losing its socket, and a wrong
 * token opens nothing.
 */
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../protocol/relayScenario';
import { TestClient } from '../../relay/client.testkit';
import { SimStudent } from '../../relay/student';
import { relayTestKit } from '../../relay/relay.testkit';
import { TeacherLink, type TeacherSocket, type TeacherStart, type TeacherState } from './teacher';

const { closers, relayOn } = relayTestKit('class-teacher-');

const scenario: Scenario = {
  title: 'Period 3', instruments: ['FUN'], startingCash: 10_000, roundMinutes: 30, speed: 60, makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['market'],
};

async function relay(n: number) {
  const r = await relayOn(`t${n}.jsonl`);
  return r;
}

function link(port: number, start: TeacherStart) {
  const seen: TeacherState[] = [];
  const sockets: WebSocket[] = [];
  const l = new TeacherLink(`ws://127.0.0.1:${port}/ws`, start, (u) => {
    const ws = new WebSocket(u);
    sockets.push(ws);
    return ws as unknown as TeacherSocket;
  }, (s) => seen.push(s));
  closers.push(l);
  const until = async (pred: (s: TeacherState) => boolean, ms = 10_000): Promise<TeacherState> => {
    const end = Date.now() + ms;
    while (!pred(l.state)) {
      if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(l.state)}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return l.state;
  };
  return { l, until, sockets };
}

describe('the teacher’s link to the relay', () => {
  it('creates a room, sees who joins, runs the round and exports the board', async () => {
    const r = await relay(1);
    const t = link(r.port, { scenario });
    const made = await t.until((s) => s.code !== null);
    expect(made).toMatchObject({ status: 'online', scenario });
    await t.until((s) => s.round?.state === 'lobby');
    expect(made.adminToken).toMatch(/.{16,}/);
    const kid = await TestClient.open(r.port);
    closers.push(kid);
    expect(await kid.ask({ type: 'join', code: made.code!, name: 'Ada' })).toMatchObject({ type: 'joined' });
    await t.until((s) => s.players.length === 1 && s.players[0].name === 'Ada' && s.players[0].connected);
    await t.until((s) => s.board.length === 1);
    t.l.round('start');
    await t.until((s) => s.round?.state === 'running');
    t.l.round('pause');
    await t.until((s) => s.round?.state === 'paused');
    const csv = await t.l.exportCsv();
    expect(csv).toContain('Ada');
  });

  it('reopens its room with the admin token after losing the socket, and never makes a second room', async () => {
    const r = await relay(2);
    const t = link(r.port, { scenario });
    const { code } = await t.until((s) => s.code !== null);
    t.sockets[0].close();
    await t.until((s) => s.status === 'offline');
    const back = await t.until((s) => s.status === 'online' && t.sockets.length === 2);
    expect(back.code).toBe(code);
    expect(r.relay.rooms.size).toBe(1);
  });

  it('reads a seat’s session page by page after the round, and keeps a refusal to the asker (not the dashboard)', async () => {
    const r = await relay(4);
    const t = link(r.port, { scenario });
    const { code } = await t.until((s) => s.code !== null);
    const kid = await TestClient.open(r.port);
    closers.push(kid);
    const joined = await kid.ask({ type: 'join', code: code!, name: 'Ada' });
    if (joined.type !== 'joined') throw new Error(JSON.stringify(joined));
    t.l.round('start');
    await t.until((s) => s.round?.state === 'running');
    expect(await t.l.replayPage(joined.playerId, 0)).toEqual({ ok: false, code: 'INVALID_COMMAND', message: 'Replays open when the round ends.' });
    expect(t.l.state.error).toBeNull();
    // Ada's first ticks, verified.
    const prices = await kid.until('prices', (m) => m.ticks.length > 0);
    const sim = new SimStudent(joined.scenario, joined.sim);
    const entries = prices.ticks.flatMap((tick) => sim.take(tick));
    expect(await kid.ask({ type: 'entries', entries })).toMatchObject({ type: 'ack', seq: entries.length });
    t.l.round('end');
    await t.until((s) => s.round?.state === 'ended');
    const page = await t.l.replayPage(joined.playerId, 0);
    expect(page).toMatchObject({ ok: true, page: { playerId: joined.playerId, name: 'Ada', after: 0, last: entries.length, entries } });
    expect(await t.l.replayPage('p9', 0)).toMatchObject({ ok: false, message: expect.stringContaining('no seat p9') });
    t.l.close();
    expect(await t.l.replayPage(joined.playerId, 0)).toMatchObject({ ok: false, message: expect.stringContaining('not answering') });
  });

  it('says why when a stale admin token opens nothing', async () => {
    const r = await relay(3);
    const first = link(r.port, { scenario });
    const { code } = await first.until((s) => s.code !== null);
    const t = link(r.port, { code: code!, token: 'not-the-token' });
    const s = await t.until((x) => x.status === 'closed');
    expect(s.error).not.toBeNull();
    expect(s.code).toBeNull();
  });
});
