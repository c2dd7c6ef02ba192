/**
 * A seat's session replayed on the worker, for the page's replay viewer: the
 * verified entries the page fetched from the relay, run through the room's
 * sim by src/core's `SessionReplayer`, a slice at a time with a yield between
 * slices, so a long session does not hold the worker (and the person's own
 * market on it) for seconds at once.
 */
import type { Result } from '../../core/codes';
import { SessionReplayer, type ReplayStep } from '../../core/classroom/sessionReplay';
import type { JournalEntry } from '../../protocol/relay';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type RoomSim, type Scenario } from '../../protocol/relayScenario';

/** Entries replayed between two yields: a few milliseconds of work. */
const SLICE = 400;

const yieldNow = () => new Promise<void>((ok) => setTimeout(ok, 0));

export async function replayEntries(scenario: Scenario, sim: RoomSim, entries: readonly JournalEntry[], slice = SLICE): Promise<Result<{ steps: ReplayStep[] }>> {
  const r = new SessionReplayer(classroomSimConfig(scenario, sim), CLASSROOM_ACCOUNT);
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % slice === 0) await yieldNow();
    const ok = r.push(entries[i]);
    if (!ok.ok) return { ok: false, code: ok.code, message: `This session does not replay here: ${ok.message}` };
  }
  return { ok: true, steps: r.steps };
}
