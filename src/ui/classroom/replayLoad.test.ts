import { describe, expect, it } from 'vitest';
import type { JournalEntry, ReplayPage } from '../../protocol/relay';
import { loadSession, nextMarked, previousMarked, type FetchPage } from './replayLoad';

const entry = (seq: number): JournalEntry => ({ seq, input: { t: 'step', dt: 1000 }, now: seq * 1000, equity: 100 });
const page = (after: number, n: number, last: number): ReplayPage => ({ playerId: 'p1', name: 'Ada', after, last, entries: Array.from({ length: n }, (_, i) => entry(after + i + 1)) });

describe('loadSession', () => {
  it('asks page after page from where it is, reports progress, and stops at the seat’s last entry', async () => {
    const asked: number[] = [];
    const progress: [number, number][] = [];
    const fetch: FetchPage = async (after) => {
      asked.push(after);
      return { ok: true, page: page(after, Math.min(4, 10 - after), 10) };
    };
    const r = await loadSession(fetch, (g, t) => progress.push([g, t]));
    expect(r).toMatchObject({ ok: true, name: 'Ada' });
    if (r.ok) expect(r.entries.map((e) => e.seq)).toEqual([...Array(10).keys()].map((i) => i + 1));
    expect(asked).toEqual([0, 4, 8]);
    expect(progress).toEqual([[4, 10], [8, 10], [10, 10]]);
  });

  it('takes an empty session, passes the relay’s refusal on, and never loops on an empty page', async () => {
    expect(await loadSession(async () => ({ ok: true, page: page(0, 0, 0) }), () => {})).toEqual({ ok: true, name: 'Ada', entries: [] });
    expect(await loadSession(async () => ({ ok: false, code: 'ROUND_STATE', message: 'Replays open when the round ends.' }) as never, () => {}))
      .toMatchObject({ ok: false, message: 'Replays open when the round ends.' });
    let calls = 0;
    const stuck: FetchPage = async (after) => (calls++, { ok: true, page: page(after, after === 0 ? 2 : 0, 5) });
    expect(await loadSession(stuck, () => {})).toMatchObject({ ok: false, message: expect.stringContaining('empty page') });
    expect(calls).toBe(2);
    expect(await loadSession(async () => ({ ok: true, page: page(3, 1, 5) }), () => {})).toMatchObject({ ok: false });
    expect(await loadSession(async () => ({ ok: true, page: page(0, 1, 5) }), () => {}, () => true)).toMatchObject({ ok: false, message: 'The replay was closed.' });
  });
});

describe('next and previous action', () => {
  it('skips the steps that are not marked', () => {
    const marks = [false, true, false, false, true, false];
    expect([nextMarked(marks, -1), nextMarked(marks, 1), nextMarked(marks, 4)]).toEqual([1, 4, -1]);
    expect([previousMarked(marks, 5), previousMarked(marks, 4), previousMarked(marks, 1)]).toEqual([4, 1, -1]);
  });
});
