/**
 * A classroom seat's journal in this browser (its own small database, apart
 * from the person's own journal): the relay verified the seat's entries and
 * a fresh sim cannot follow them, so a reloaded page rejoins its seat by
 * replaying what it kept here. One row per entry, keyed by room and seq, so
 * streaming a round adds rows and never rewrites the ones before.
 */
import Dexie, { type Table } from 'dexie';
import type { JournalEntry } from '../protocol/relay';

interface EntryRow { code: string; seq: number; entry: JournalEntry }
interface SeatRow { code: string; token: string }

class SeatDb extends Dexie {
  entries!: Table<EntryRow, [string, number]>;
  seats!: Table<SeatRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ entries: '[code+seq]', seats: 'code' });
  }
}

export interface SeatJournalStore {
  /** The entries kept for this room's seat, in order, when the seat is the token's; else none. */
  load(code: string, token: string): Promise<JournalEntry[]>;
  /** The seat this room's entries are of: a new token drops what another seat left. */
  claim(code: string, token: string): Promise<void>;
  append(code: string, entries: readonly JournalEntry[]): Promise<void>;
}

export function openSeatJournals(name = 'bourse-classroom'): SeatJournalStore {
  const db = new SeatDb(name);
  const range = (code: string) => db.entries.where('[code+seq]').between([code, Dexie.minKey], [code, Dexie.maxKey]);
  return {
    async load(code, token) {
      const seat = await db.seats.get(code);
      if (seat?.token !== token) return [];
      return (await range(code).toArray()).map((r) => r.entry);
    },
    async claim(code, token) {
      await db.transaction('rw', db.seats, db.entries, async () => {
        const seat = await db.seats.get(code);
        if (seat?.token === token) return;
        await range(code).delete();
        await db.seats.put({ code, token });
      });
    },
    async append(code, entries) {
      await db.entries.bulkPut(entries.map((entry) => ({ code, seq: entry.seq, entry })));
    },
  };
}
