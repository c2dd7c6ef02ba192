/**
 * A classroom seat on the worker against a real relay in this process (an
 * ephemeral loopback port, the embedded store on disk): it joins, takes the
 * relay's ticks as journaled inputs, streams them with the person's orders,
 * and the relay verifies every entry; a lost socket keeps trading and
 * catches up; a bad join or a forbidden order changes nothing.
 */
import 'fake-indexeddb/auto';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { openSeatJournals } from '../../storage/classroomSeats';
import type { SeatView } from '../../protocol/classroom';
import { ClassroomSeat, type OpenSocket } from './session';
import { openWs, relayKit } from './relay.testkit';

const { closers, room: newRoom } = relayKit('class-seat-');
const room = (n: number) => newRoom(`r${n}.jsonl`);

function seat(entry: ConstructorParameters<typeof ClassroomSeat>[0], store: ConstructorParameters<typeof ClassroomSeat>[2] = null): ClassroomSeat {
  const s = new ClassroomSeat(entry, openWs, store);
  closers.push(s);
  return s;
}

async function until(s: ClassroomSeat, pred: (v: SeatView) => boolean, ms = 10_000): Promise<SeatView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = s.view();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; seat: ${JSON.stringify({ ...v, board: v.board.length, prices: v.prices.length })}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe('a classroom seat on the worker', () => {
  it('joins, takes the ticks, trades, and the relay verifies every entry and ranks both seats', async () => {
    const { url, teacher, code } = await room(1);
    const ada = seat({ url, code: code.toLowerCase(), name: 'Ada' });
    const grace = seat({ url, code, name: 'Grace' });
    await until(ada, (v) => v.status === 'online');
    await until(grace, (v) => v.status === 'online');
    expect(ada.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 5 })).toMatchObject({ ok: false });
    await teacher.ask({ type: 'round', action: 'start' });
    // A few ticks first: the bots quote once the sim has taken prices.
    await until(ada, (v) => v.journaled > 40);
    expect(ada.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 5 })).toMatchObject({ ok: true });
    await until(ada, (v) => v.holdings.some((h) => h.symbol === 'FUN' && h.qty === 5));
    // The ticks keep coming: "verified" means past the order's own entry, not all caught up at one instant.
    const orderSeq = ada.view().journaled;
    const done = await until(ada, (v) => v.verified >= orderSeq && v.board.some((r) => r.name === 'Ada' && r.trades > 0));
    await until(grace, (v) => v.verified > 40);
    expect(done.board.map((r) => r.name).sort()).toEqual(['Ada', 'Grace']);
    expect(done.board.every((r) => !r.flagged)).toBe(true);
    expect(done.token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('refuses what the room forbids before the relay could flag it, and says why a join failed', async () => {
    const { url, teacher, code } = await room(2);
    const ada = seat({ url, code, name: 'Ada' });
    await until(ada, (v) => v.status === 'online');
    await teacher.ask({ type: 'round', action: 'start' });
    await until(ada, (v) => v.prices.length === 2);
    const before = ada.view().journaled;
    expect(ada.place({ symbol: 'FUN', side: 'buy', type: 'stop', qty: 1, stopPrice: 200 })).toMatchObject({ ok: false, message: expect.stringContaining('stop') });
    expect(ada.place({ symbol: 'BTC-USD', side: 'buy', type: 'market', qty: 1 })).toMatchObject({ ok: false, code: 'UNKNOWN_SYMBOL' });
    expect(ada.view().journaled).toBeLessThanOrEqual(before + 4); // ticks only; no command was journaled
    expect(ada.cancel('nope')).toMatchObject({ ok: false });
    // A limit far below the market rests; its cancel is journaled and verified like the place.
    const placed = ada.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 1, price: 1 });
    expect(placed).toMatchObject({ ok: true });
    const id = (placed as { id: string }).id;
    expect(ada.view().orders).toEqual([{ id, symbol: 'MEME', side: 'buy', type: 'limit', qty: 1, price: 1 }]);
    expect(ada.cancel(id)).toMatchObject({ ok: true });
    expect(ada.view().orders).toEqual([]);
    const cancelSeq = ada.view().journaled;
    await until(ada, (v) => v.board.some((r) => r.verifiedSeq >= cancelSeq && !r.flagged));
    const taken = seat({ url, code, name: 'ada' });
    const v = await until(taken, (s) => s.status === 'closed');
    expect(v.problem).toMatch(/already called/);
    const refused = new ClassroomSeat({ url, code, name: 'Bob' }, () => { throw new Error('blocked'); });
    expect(refused.view()).toMatchObject({ status: 'closed', problem: expect.stringContaining('blocked') });
    const wrong = seat({ url, code: 'ZZZZZZ', name: 'Bob' });
    expect((await until(wrong, (s) => s.status === 'closed')).problem).not.toBeNull();
  });

  it('keeps trading without the network and catches up on the same seat when it returns', async () => {
    const { url, teacher, code } = await room(3);
    const ada = seat({ url, code, name: 'Ada' });
    await until(ada, (v) => v.status === 'online');
    await teacher.ask({ type: 'round', action: 'start' });
    await until(ada, (v) => v.verified > 40);
    const id = ada.view().playerId;
    ada.dropSocket();
    await until(ada, (v) => v.status === 'offline');
    expect(ada.place({ symbol: 'MEME', side: 'buy', type: 'market', qty: 3 })).toMatchObject({ ok: true });
    const offlineSeq = ada.view().journaled;
    const back = await until(ada, (v) => v.status === 'online' && v.verified >= offlineSeq && v.board.some((r) => r.playerId === id && r.trades === 1));
    expect(back.playerId).toBe(id);
    expect(back.holdings.find((h) => h.symbol === 'MEME')?.qty).toBe(3);
    expect(back.board.find((r) => r.playerId === id)?.flagged).toBe(false);
  });

  it('drops its socket the moment the device says it is offline, tries nothing meanwhile, and reconnects as it comes back', async () => {
    const { url, teacher, code } = await room(5);
    let online = true;
    let opened = 0;
    const counting: OpenSocket = (u) => {
      opened++;
      return openWs(u);
    };
    const ada = new ClassroomSeat({ url, code, name: 'Ada' }, counting, null, { online: () => online });
    closers.push(ada);
    await until(ada, (v) => v.status === 'online');
    await teacher.ask({ type: 'round', action: 'start' });
    await until(ada, (v) => v.verified > 40);
    const id = ada.view().playerId;
    online = false;
    await until(ada, (v) => v.status === 'offline');
    // The relay saw the socket go: the teacher's roster says offline.
    await teacher.until('roster', (m) => m.players.some((p) => p.playerId === id && !p.connected));
    expect(ada.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 2 })).toMatchObject({ ok: true });
    const offlineSeq = ada.view().journaled;
    const tries = opened;
    await new Promise((ok) => setTimeout(ok, 1_500)); // past two reconnect delays
    expect(opened).toBe(tries);
    expect(ada.view().status).toBe('offline');
    online = true;
    const back = await until(ada, (v) => v.status === 'online' && v.verified >= offlineSeq && v.board.some((r) => r.playerId === id && r.trades === 1 && r.connected), 5_000);
    expect(opened).toBe(tries + 1);
    expect(back.board.find((r) => r.playerId === id)?.flagged).toBe(false);
  });

  it('drops a socket that went silent while the round runs, and opens another', async () => {
    const { url, teacher, code } = await room(6);
    const sockets: WebSocket[] = [];
    // A socket whose incoming frames can be cut off, as a network that died without closing anything.
    const cuttable: OpenSocket = (u) => {
      const ws = new WebSocket(u);
      sockets.push(ws);
      return ws as unknown as ReturnType<OpenSocket>;
    };
    const ada = new ClassroomSeat({ url, code, name: 'Ada' }, cuttable, null);
    closers.push(ada);
    await until(ada, (v) => v.status === 'online');
    await teacher.ask({ type: 'round', action: 'start' });
    await until(ada, (v) => v.verified > 40);
    sockets[0].pause(); // nothing more arrives on it; it stays open
    await until(ada, (v) => v.status === 'offline', 10_000);
    const back = await until(ada, (v) => v.status === 'online', 5_000);
    expect(sockets.length).toBe(2);
    const journaled = back.journaled;
    await until(ada, (v) => v.verified >= journaled);
  });

  it('rejoins its seat after a reload from the journal the browser kept, and goes on verified', async () => {
    const { url, teacher, code } = await room(4);
    const store = openSeatJournals('seat-reload');
    const first = seat({ url, code, name: 'Ada' }, store);
    await until(first, (v) => v.status === 'online');
    await teacher.ask({ type: 'round', action: 'start' });
    await until(first, (v) => v.journaled > 40);
    expect(first.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 2 })).toMatchObject({ ok: true });
    const orderSeq = first.view().journaled;
    const before = await until(first, (v) => v.verified >= orderSeq && v.holdings.length === 1);
    first.close(); // the page closes: this worker's seat is gone
    const again = seat({ url, code, token: before.token! }, store);
    const back = await until(again, (v) => v.status === 'online' && v.verified > before.journaled);
    expect(back.playerId).toBe(before.playerId);
    expect(back.holdings).toEqual([expect.objectContaining({ symbol: 'FUN', qty: 2 })]);
    await until(again, (v) => v.board.some((r) => r.playerId === before.playerId && r.verifiedSeq > before.verified && !r.flagged));
    // Without the kept journal (another browser), the seat cannot go on: it says so rather than be flagged.
    const elsewhere = seat({ url, code, token: before.token! });
    expect((await until(elsewhere, (v) => v.status === 'closed')).problem).toMatch(/not in this browser/);
  });
});
