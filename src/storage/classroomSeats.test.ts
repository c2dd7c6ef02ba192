import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../protocol/relay';
import { openSeatJournals } from './classroomSeats';

const e = (seq: number): JournalEntry => ({ seq, input: { t: 'step', dt: 1000 }, now: seq * 1000, equity: 10_000 });
let n = 0;

describe('a classroom seat’s journal in the browser', () => {
  it('keeps a seat’s entries in order, for its token only', async () => {
    const s = openSeatJournals(`seats-${++n}`);
    await s.claim('ABCDEF', 'tok-a');
    await s.append('ABCDEF', [e(1), e(2)]);
    await s.append('ABCDEF', [e(3)]);
    await s.append('GHJKMN', [e(1)]);
    expect((await s.load('ABCDEF', 'tok-a')).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(await s.load('ABCDEF', 'tok-b')).toEqual([]);
  });

  it('drops what another seat left when a new one claims the room', async () => {
    const s = openSeatJournals(`seats-${++n}`);
    await s.claim('ABCDEF', 'tok-a');
    await s.append('ABCDEF', [e(1), e(2)]);
    await s.claim('ABCDEF', 'tok-a');
    expect(await s.load('ABCDEF', 'tok-a')).toHaveLength(2);
    await s.claim('ABCDEF', 'tok-b');
    expect(await s.load('ABCDEF', 'tok-b')).toEqual([]);
    expect(await s.load('ABCDEF', 'tok-a')).toEqual([]);
  });
});
