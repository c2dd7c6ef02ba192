/**
 * A replay on the worker: a seat asks the relay (in this process) for another
 * seat's session page by page on its own socket, and the worker replays the
 * pages in slices to the equity the relay's board shows. Bad arguments from
 * the page are refused before anything runs.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../protocol/relay';
import type { SeatView } from '../../protocol/classroom';
import { parseAfter, parseReplayEntries, parseReplayRoom, parseSeatId } from './parse';
import { replayEntries } from './replay';
import { ClassroomSeat } from './session';
import { openWs, relayKit, SCENARIO } from './relay.testkit';

const { closers, room } = relayKit('class-replay-');
const scenario = SCENARIO;

async function until(s: ClassroomSeat, pred: (v: SeatView) => boolean, ms = 10_000): Promise<SeatView> {
  const end = Date.now() + ms;
  for (;;) {
    const v = s.view();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out: ${v.status} ${v.verified}/${v.journaled}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe('a replay on the worker', () => {
  it('fetches another seat’s session page by page on the seat’s socket, and replays it to the board’s equity', async () => {
    const { url, teacher, code } = await room('r.jsonl');
    const ada = new ClassroomSeat({ url, code: code, name: 'Ada' }, openWs);
    const grace = new ClassroomSeat({ url, code: code, name: 'Grace' }, openWs);
    closers.push(ada, grace);
    await until(ada, (v) => v.status === 'online');
    await until(grace, (v) => v.status === 'online');
    const adaId = ada.view().playerId!;
    expect(await grace.replayPage(adaId, 0)).toMatchObject({ ok: false, message: 'Replays open when the round ends.' });

    await teacher.ask({ type: 'round', action: 'start' });
    await until(ada, (v) => v.journaled > 300);
    expect(ada.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 })).toMatchObject({ ok: true });
    await teacher.ask({ type: 'round', action: 'end' });
    const journaled = (await until(ada, (v) => v.round?.state === 'ended')).journaled;
    const done = await until(grace, (v) => v.round?.state === 'ended' && v.board.some((r) => r.playerId === adaId && r.verifiedSeq === journaled) && ada.view().verified === journaled);
    const row = done.board.find((r) => r.playerId === adaId)!;

    const entries: JournalEntry[] = [];
    let pages = 0;
    for (let after = 0; after < row.verifiedSeq; pages++) {
      const r = await grace.replayPage(adaId, after);
      if (!r.ok) throw new Error(r.message);
      expect(r.page).toMatchObject({ playerId: adaId, name: 'Ada', after, last: row.verifiedSeq });
      entries.push(...r.page.entries);
      after += r.page.entries.length;
    }
    expect(pages).toBeGreaterThan(1);
    expect(await grace.replayPage('p42', 0)).toMatchObject({ ok: false, message: expect.stringContaining('no seat p42') });

    const v = grace.view();
    const r = await replayEntries(v.scenario!, v.sim!, entries, 50);
    if (!r.ok) throw new Error(r.message);
    expect(r.steps[r.steps.length - 1].equity).toBe(row.equity);
    expect(r.steps.some((s) => s.action.k === 'place' && s.fills.length > 0)).toBe(true);
    // A session that was tampered with on the way is refused with the entry that does not replay.
    const bad = entries.map((e, i) => (i === 10 ? { ...e, equity: e.equity + 1 } : e));
    expect(await replayEntries(v.scenario!, v.sim!, bad)).toMatchObject({ ok: false, message: expect.stringContaining('Entry 11') });
    // Without a seat, nothing is asked.
    const lone = new ClassroomSeat({ url, code: 'ZZZZZZ', name: 'Bob' }, openWs);
    closers.push(lone);
    expect(await lone.replayPage(adaId, 0)).toMatchObject({ ok: false });
  });

  it('reads the page’s arguments field by field and refuses bad ones', () => {
    expect(parseSeatId('p2')).toEqual({ ok: true, value: 'p2' });
    for (const bad of ['', 'p 2', 5, null, 'x'.repeat(65)]) expect(parseSeatId(bad).ok).toBe(false);
    expect(parseAfter(0)).toEqual({ ok: true, value: 0 });
    for (const bad of [-1, 1.5, '3', NaN]) expect(parseAfter(bad).ok).toBe(false);
    const sim = { botSeed: 1, start: 0, tickMs: 1000 };
    expect(parseReplayRoom({ scenario, sim, extra: 1 })).toEqual({ ok: true, value: { scenario, sim } });
    for (const bad of [null, {}, { scenario }, { sim }, { scenario: { ...scenario, speed: 7 }, sim }, { scenario, sim: { ...sim, tickMs: 0 } }]) {
      expect(parseReplayRoom(bad).ok).toBe(false);
    }
    expect(parseReplayEntries([{ seq: 1, input: { t: 'step', dt: 5 }, now: 5, equity: 1 }]).ok).toBe(true);
    expect(parseReplayEntries([{ seq: 1, input: { t: 'deposit' }, now: 5, equity: 1 }]).ok).toBe(false);
    expect(parseReplayEntries('x').ok).toBe(false);
  });
});
