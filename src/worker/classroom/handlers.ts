/**
 * The handler-table entries of classroom mode (spread into `HANDLERS` in
 * ../handlers.ts). The seat lives on the leader's worker beside the sim it
 * does not share: a classroom's sim is the room's (`classroomSimConfig`), its
 * journal streams to the relay rather than to storage, so these are `read`
 * entries (nothing of the person's own journal changes) answering results.
 */
import { Code, fail, type Result } from '../../core/codes';
import { args, parseOrderId, parseOrderTicket } from '../../protocol';
import type { HandlerContext } from '../handlers';
import { openSeatJournals, type SeatJournalStore } from '../../storage/classroomSeats';
import { none, read } from '../table';
import { parseAfter, parseReplayEntries, parseReplayRoom, parseSeatEntry, parseSeatId } from './parse';
import { replayEntries } from './replay';
import type { SeatView } from '../../protocol/classroom';
import { ClassroomSeat, type OpenSocket } from './session';

type C = HandlerContext;

/** One seat per worker: a browser sits in one room at a time. */
let seat: ClassroomSeat | null = null;
const openSocket: OpenSocket = (url) => new WebSocket(url);
/** Where seats' journals are kept, so a reloaded page rejoins its seat; none where the browser has no IndexedDB. */
let journals: SeatJournalStore | null | undefined;
const seatJournals = (): SeatJournalStore | null => (journals ??= typeof indexedDB === 'undefined' ? null : openSeatJournals());

const noSeat = () => fail(Code.INVALID_COMMAND, 'Not in a room.');

export const CLASSROOM_HANDLERS = {
  /** Takes a seat (a new one by name, or this browser's by its token), leaving any other. */
  classJoin: read(args(parseSeatEntry), (_c: C, [entry]): Result => {
    seat?.close();
    seat = new ClassroomSeat(entry, openSocket, seatJournals());
    return { ok: true };
  }, { refuse: 'answer' }),
  /** The seat as the page shows it, or null when not in a room. */
  classSeat: read(none, (): SeatView | null => seat?.view() ?? null),
  classPlace: read(args(parseOrderTicket), (_c: C, [t]) => seat?.place(t) ?? noSeat(), { refuse: 'answer' }),
  classCancel: read(args(parseOrderId), (_c: C, [id]) => seat?.cancel(id) ?? noSeat(), { refuse: 'answer' }),
  /** After the round: one page of any seat's verified session, asked on this seat's socket (the relay lets members only). */
  classReplayPage: read(args(parseSeatId, parseAfter), (_c: C, [id, after]) => seat?.replayPage(id, after) ?? noSeat(), { refuse: 'answer' }),
  /** A session's entries (from the seat's pages or the teacher's) replayed step by step, in slices: the replay viewer's steps. */
  classReplayRun: read(args(parseReplayRoom, parseReplayEntries), (_c: C, [room, entries]) => replayEntries(room.scenario, room.sim, entries), { refuse: 'answer' }),
  classLeave: read(none, () => {
    seat?.close();
    seat = null;
    return { ok: true as const };
  }),
};
