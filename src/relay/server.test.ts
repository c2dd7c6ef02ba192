/**
 * The relay end to end in Node: a real server on an ephemeral loopback port,
 * real `ws` clients, the embedded store on disk. A class: a teacher creates a
 * room, students join, trade in their own sims on the relay's prices, and
 * every one sees one board that only verified entries reach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FlagCode, ROOM_CODE_ALPHABET, type JournalEntry, type PriceTick, type ServerMessage } from '../protocol/relay';
import type { RoomSim, Scenario } from '../protocol/relayScenario';
import { TestClient } from './client.testkit';
import { LogStore } from './logStore';
import { startRelay, type RunningRelay } from './server';
import { SimStudent } from './student';

const dir = mkdtempSync(join(tmpdir(), 'relay-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let logs = 0;
const running: RunningRelay[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of running.splice(0)) await r.close();
});

const scenario: Scenario = {
  title: 'Period 3', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 30, speed: 60,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};

async function relayOn(path: string, extra: Partial<Parameters<typeof startRelay>[0]> = {}): Promise<RunningRelay> {
  const r = await startRelay({ store: LogStore.open({ path }), port: 0, host: '127.0.0.1', dist: null, loopMs: 20, log: () => {}, ...extra });
  running.push(r);
  return r;
}

async function client(port: number, opts = {}): Promise<TestClient> {
  const c = await TestClient.open(port, opts);
  clients.push(c);
  return c;
}

/** A student: their socket, their own sim, and a pump that takes every tick and streams the entries. */
class Student {
  sim: SimStudent;
  pending: ReturnType<SimStudent['take']> = [];
  constructor(readonly c: TestClient, sc: Scenario, roomSim: RoomSim) {
    this.sim = new SimStudent(sc, roomSim);
    c.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'prices') for (const t of m.ticks) this.pending.push(...this.sim.take(t as PriceTick));
    });
  }
  /** Sends what the sim has journaled since the last flush, and waits for its ack. */
  lastSent: JournalEntry | null = null;
  async flush(): Promise<ServerMessage> {
    const entries = this.pending.splice(0);
    if (entries.length > 0) this.lastSent = entries[entries.length - 1];
    return this.c.ask({ type: 'entries', entries });
  }
}

async function classroom(path: string) {
  const relay = await relayOn(path);
  const teacher = await client(relay.port);
  const created = await teacher.ask({ type: 'create', scenario });
  if (created.type !== 'created') throw new Error(JSON.stringify(created));
  return { relay, teacher, created };
}

async function seatStudent(port: number, code: string, name: string) {
  const c = await client(port);
  const joined = await c.ask({ type: 'join', code, name });
  if (joined.type !== 'joined') throw new Error(JSON.stringify(joined));
  return Object.assign(new Student(c, joined.scenario, joined.sim), { joined });
}

describe('relay: rooms and seats', () => {
  it('creates a room with a short unambiguous code and an admin token, and seats students by name', async () => {
    const { relay, teacher, created } = await classroom(join(dir, `l${++logs}.jsonl`));
    expect(created.code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`));
    expect(created.adminToken.length).toBeGreaterThanOrEqual(22);
    expect(created.scenario).toEqual(scenario);
    expect(JSON.stringify(created)).not.toContain(relay.relay.rooms.get(created.code)!.record.seed);
    const roster = teacher.next('roster', (m) => m.players.length === 2);
    const a = await seatStudent(relay.port, created.code.toLowerCase(), '  Ada\u0000 Lovelace  ');
    expect(a.joined.name).toBe('Ada Lovelace');
    await seatStudent(relay.port, created.code, 'Grace');
    expect((await roster).players.map((p) => [p.name, p.connected])).toEqual([['Ada Lovelace', true], ['Grace', true]]);
    const c = await client(relay.port);
    expect(await c.ask({ type: 'join', code: created.code, name: 'ada lovelace' })).toMatchObject({ type: 'error', code: 'NAME_TAKEN' });
    expect(await c.ask({ type: 'join', code: 'ZZZZZZ', name: 'X' })).toMatchObject({ type: 'error', code: 'UNKNOWN_ROOM' });
    expect(await c.ask({ type: 'join', code: created.code, name: 'x'.repeat(25) })).toMatchObject({ type: 'error', code: 'INVALID_COMMAND' });
  });

  it('keeps the seat for a student who rejoins with their token; a wrong token opens nothing', async () => {
    const { relay, created } = await classroom(join(dir, `l${++logs}.jsonl`));
    const a = await seatStudent(relay.port, created.code, 'Ada');
    a.c.close();
    const again = await client(relay.port);
    expect(await again.ask({ type: 'rejoin', code: created.code, token: a.joined.token })).toMatchObject({ type: 'joined', playerId: a.joined.playerId, nextSeq: 1 });
    expect(await again.ask({ type: 'rejoin', code: created.code, token: 'x' + a.joined.token })).toMatchObject({ type: 'error', code: 'BAD_TOKEN' });
  });

  it('keeps the teacher’s controls to the teacher: a student’s token is not an admin token', async () => {
    const { relay, created } = await classroom(join(dir, `l${++logs}.jsonl`));
    const a = await seatStudent(relay.port, created.code, 'Ada');
    expect(await a.c.ask({ type: 'round', action: 'start' })).toMatchObject({ type: 'error', code: 'NOT_ALLOWED' });
    expect(await a.c.ask({ type: 'export' })).toMatchObject({ type: 'error', code: 'NOT_ALLOWED' });
    expect(await a.c.ask({ type: 'admin', code: created.code, token: a.joined.token })).toMatchObject({ type: 'error', code: 'BAD_TOKEN' });
    const t2 = await client(relay.port);
    expect(await t2.ask({ type: 'admin', code: created.code, token: created.adminToken })).toMatchObject({ type: 'adminJoined', code: created.code });
  });
});

describe('relay: a round', () => {
  it('streams prices, verifies entries, ranks only what it verified, flags a forgery, pauses, ends and exports', async () => {
    const { relay, teacher, created } = await classroom(join(dir, `l${++logs}.jsonl`));
    const a = await seatStudent(relay.port, created.code, 'Ada');
    const b = await seatStudent(relay.port, created.code, 'Grace');
    const m = await seatStudent(relay.port, created.code, 'Mallory');
    expect(await teacher.ask({ type: 'round', action: 'start' })).toMatchObject({ type: 'round', round: { state: 'running' } });
    expect(await teacher.ask({ type: 'round', action: 'start' })).toMatchObject({ type: 'error', code: 'ROUND_STATE' });
    await a.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 5));
    await m.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 5));
    expect(await a.flush()).toMatchObject({ type: 'ack' });
    a.pending.push(a.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 20 }));
    expect(await a.flush()).toMatchObject({ type: 'ack' });
    expect(await b.flush()).toMatchObject({ type: 'ack' });
    // Mallory claims a better equity than her replay reaches.
    const entries = m.pending.splice(0);
    entries[entries.length - 1] = { ...entries[entries.length - 1], equity: 1_000_000 };
    const flagged = teacher.next('roster', (r) => r.flags.length > 0);
    expect(await m.c.ask({ type: 'entries', entries })).toMatchObject({ type: 'refused', code: 'REFUSED' });
    expect((await flagged).flags[0]).toMatchObject({ name: 'Mallory', code: FlagCode.EQUITY_MISMATCH });
    const board = await b.c.until('board', (r) => r.rows.find((x) => x.name === 'Ada')!.trades > 0 && r.rows.some((x) => x.flagged));
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    const mallory = board.rows.find((r) => r.name === 'Mallory')!;
    expect([mallory.flagged, mallory.equity <= 10_000]).toEqual([true, true]);
    const ada = board.rows.find((r) => r.name === 'Ada')!;
    expect(ada.equity).toBe(a.lastSent!.equity);
    expect(ada.verifiedSeq).toBe(a.lastSent!.seq);
    // Pause stops the ticks; end ends the round for everyone.
    expect(await teacher.ask({ type: 'round', action: 'pause' })).toBeDefined();
    const paused = await a.c.until('round', (r) => r.round.state === 'paused');
    const tickAtPause = paused.round.tick;
    await new Promise((r) => setTimeout(r, 200));
    expect(relay.relay.rooms.get(created.code)!.published).toBeLessThanOrEqual(tickAtPause + 1);
    await teacher.ask({ type: 'round', action: 'end' });
    expect((await b.c.until('round', (r) => r.round.state === 'ended')).round.state).toBe('ended');
    const csv = await teacher.ask({ type: 'export' });
    expect(csv.type).toBe('csv');
    if (csv.type === 'csv') {
      expect(csv.text.split('\r\n')[0]).toBe('rank,name,equity,return_pct,trades,max_drawdown_pct,verified_entries,connected,flag');
      expect(csv.text).toContain('EQUITY_MISMATCH');
    }
  });

  it('loses nothing over a restart: rooms, seats, verified entries and the clock come back, and students reconnect', async () => {
    const path = join(dir, `l${++logs}.jsonl`);
    const { relay, teacher, created } = await classroom(path);
    const a = await seatStudent(relay.port, created.code, 'Ada');
    await teacher.ask({ type: 'round', action: 'start' });
    await a.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 3));
    a.pending.push(a.sim.command({ op: 'place', symbol: 'MEME', side: 'buy', type: 'market', qty: 10 }));
    const acked = await a.flush();
    expect(acked.type).toBe('ack');
    const before = relay.relay.rooms.get(created.code)!.board();
    await running.pop()!.close();

    const again = await relayOn(path);
    const room = again.relay.rooms.get(created.code)!;
    expect(room.board()).toEqual(before.map((r) => ({ ...r, connected: false })));
    expect(room.clock.state).toBe('running');
    const back = await client(again.port);
    // The student's sim goes on from where it was: the ticks it has not taken come, and its next entries verify.
    const st = new Student(back, scenario, a.joined.sim);
    st.sim = a.sim;
    // What the old socket took but never sent stays in the student's outbox, as in the app.
    st.pending = a.pending;
    const rejoined = await back.ask({ type: 'rejoin', code: created.code, token: a.joined.token });
    const seq = (acked as { seq: number }).seq;
    expect(rejoined).toMatchObject({ type: 'joined', playerId: a.joined.playerId, nextSeq: seq + 1 });
    await back.until('prices');
    expect(st.pending.length).toBeGreaterThan(0);
    expect(st.pending[0].seq).toBe(seq + 1);
    const last = st.pending[st.pending.length - 1].seq;
    expect(await st.flush()).toMatchObject({ type: 'ack', seq: last });
    const admin = await client(again.port);
    expect(await admin.ask({ type: 'admin', code: created.code, token: created.adminToken })).toMatchObject({ type: 'adminJoined' });
  });
});

describe('relay: the clock and the offline', () => {
  it('sends each tick when it is due with no polling: the loop is woken, not run on a period', async () => {
    // The safety net's period far past the test: only the loop's own wake-ups can bring the ticks.
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { loopMs: 600_000 });
    const teacher = await client(relay.port);
    const created = await teacher.ask({ type: 'create', scenario });
    if (created.type !== 'created') throw new Error(JSON.stringify(created));
    const a = await seatStudent(relay.port, created.code, 'Ada');
    await teacher.ask({ type: 'round', action: 'start' });
    // Speed 60: a tick every 16.7 ms; 30 of them within a couple of seconds.
    await a.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 30), 3_000);
    // And after a pause and a resume (the resume re-arms the sleeping loop).
    await teacher.ask({ type: 'round', action: 'pause' });
    await new Promise((r) => setTimeout(r, 100));
    const at = relay.relay.rooms.get(created.code)!.published;
    await teacher.ask({ type: 'round', action: 'resume' });
    await a.c.next('prices', (p) => p.ticks.some((t) => t.tick >= at + 10), 3_000);
  });

  /**
   * A seat whose ticks the student's sim takes only while `taking`, and
   * whose socket can be replaced (a rejoin with the token), as a phone that
   * lost the network, or a cheater who looks at ticks without taking them.
   */
  async function phone(port: number, code: string, name: string) {
    const first = await client(port);
    const joined = await first.ask({ type: 'join', code, name });
    if (joined.type !== 'joined') throw new Error(JSON.stringify(joined));
    const sim = new SimStudent(joined.scenario, joined.sim);
    const me = { c: first, sim, taking: true, pending: [] as JournalEntry[], token: joined.token };
    const feed = (c: TestClient) => c.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'prices' && me.taking && c === me.c) for (const t of m.ticks) me.pending.push(...sim.take(t as PriceTick));
    });
    feed(first);
    return Object.assign(me, {
      /** Sends the outbox in messages of 100 (a catch-up is hundreds of entries); the first refusal, or the last ack. */
      async flush(): Promise<ServerMessage> {
        let answer: ServerMessage | null = null;
        while (me.pending.length > 0) {
          answer = await me.c.ask({ type: 'entries', entries: me.pending.splice(0, 100) });
          if (answer.type !== 'ack') break;
        }
        return answer!;
      },
      async rejoin() {
        me.c = await client(port);
        feed(me.c);
        me.taking = true;
        return me.c.ask({ type: 'rejoin', code, token: me.token });
      },
    });
  }

  it('verifies the orders of a student back from the network, and still flags one backdated past what their socket confirmed', async () => {
    // Heartbeats every 100 ms: a live socket's pong confirms the ticks sent on it, a dead one's cannot.
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { heartbeatMs: 100 });
    const teacher = await client(relay.port);
    const created = await teacher.ask({ type: 'create', scenario });
    if (created.type !== 'created') throw new Error(JSON.stringify(created));
    const ada = await phone(relay.port, created.code, 'Ada');
    const eve = await phone(relay.port, created.code, 'Eve');
    await teacher.ask({ type: 'round', action: 'start' });
    await ada.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 5));
    await eve.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 5));
    expect(await ada.flush()).toMatchObject({ type: 'ack' });
    expect(await eve.flush()).toMatchObject({ type: 'ack' });

    // Ada's network dies silently: nothing more reaches her phone (the socket is not read, so no pong either);
    // the relay writes ticks into it until its heartbeat ends it. Eve's socket lives: she looks, and takes nothing.
    ada.taking = false;
    ada.c.ws.pause();
    eve.taking = false;
    // Speed 60: 2.5 s is 150 s of market, past the 90 s tolerance.
    await new Promise((r) => setTimeout(r, 2_500));
    ada.pending.push(ada.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 2 }));
    eve.pending.push(eve.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 2 }));
    ada.c.ws.terminate();
    eve.c.close();
    expect(await ada.rejoin()).toMatchObject({ type: 'joined' });
    expect(await eve.rejoin()).toMatchObject({ type: 'joined' });
    // Ada's offline order, at the last tick her phone had, is hers; Eve's, long after her socket showed her newer ticks, is not.
    expect(await ada.flush()).toMatchObject({ type: 'ack' });
    expect(await eve.flush()).toMatchObject({ type: 'refused', code: 'REFUSED', message: expect.stringContaining('before the prices') });
    const roster = await teacher.until('roster', (r) => r.flags.length > 0);
    expect(roster.flags.map((f) => [f.name, f.code])).toEqual([['Eve', FlagCode.BACKDATED]]);
    // Ada goes on verified from the catch-up.
    await ada.c.until('prices', (p) => p.ticks.some((t) => t.tick > 200));
    expect(await ada.flush()).toMatchObject({ type: 'ack' });
  });
});

describe('relay: defences', () => {
  it('refuses a socket from another origin, and one on another path', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { origins: ['http://teacher.example'] });
    await expect(TestClient.open(relay.port, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const ok = await client(relay.port, { origin: 'http://teacher.example' });
    expect(await ok.ask({ type: 'export' })).toMatchObject({ type: 'error', code: 'NOT_ALLOWED' });
    const own = await client(relay.port, { origin: `http://127.0.0.1:${relay.port}` });
    expect(own.ws.readyState).toBe(own.ws.OPEN);
  });

  it('closes a socket that sends more than 16 KiB at once', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`));
    const c = await client(relay.port);
    c.send(JSON.stringify({ v: 1, type: 'join', code: 'ABCDEF', name: 'x'.repeat(17 * 1024) }));
    expect((await c.whenClosed()).code).toBe(1009);
  });

  it('rate-limits a socket that floods, and closes it when it goes on', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { limits: { perSocket: { perSecond: 5, burst: 5 }, perIp: { perSecond: 1000, burst: 1000 }, socketsPerIp: 8, strikes: 20 } });
    const c = await client(relay.port);
    for (let i = 0; i < 40; i++) c.send({ v: 1, type: 'export' });
    expect((await c.until('error', (e) => e.code === 'RATE_LIMITED')).message).toMatch(/slow down/);
    expect((await c.whenClosed()).code).toBe(1008);
  });

  it('caps the rooms one address may create', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { relay: { roomsPerIp: 2 } });
    const c = await client(relay.port);
    expect((await c.ask({ type: 'create', scenario })).type).toBe('created');
    expect((await c.ask({ type: 'create', scenario })).type).toBe('created');
    expect(await c.ask({ type: 'create', scenario })).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
    expect(relay.relay.rooms.size).toBe(2);
  });

  it('caps the sockets of one address', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { limits: { perSocket: { perSecond: 5, burst: 5 }, perIp: { perSecond: 100, burst: 100 }, socketsPerIp: 2, strikes: 20 } });
    await client(relay.port);
    await client(relay.port);
    await expect(TestClient.open(relay.port)).rejects.toThrow(/429/);
  });

  it('drops a socket that stops answering heartbeats', async () => {
    const relay = await relayOn(join(dir, `l${++logs}.jsonl`), { heartbeatMs: 100 });
    const dead = await client(relay.port, { autoPong: false });
    const alive = await client(relay.port);
    expect((await dead.whenClosed()).code).toBe(1006);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
  });
});
