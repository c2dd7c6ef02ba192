import type { DecimalEvent } from './format';
import { finalEvent, toDecimal } from './format';
import { Exchange } from './exchange';
import type { ExchangeEvent } from './events';
import { stateHash } from './snapshot';

/**
 * Replays a JSON Lines journal (JOURNAL.md): one command a line, blank lines
 * skipped, a line that is not JSON rejected with INVALID_COMMAND and its line
 * number. Calls `out` with each event in decimals, then the `final` event.
 */
export function replayText(text: string, out: (e: DecimalEvent) => void, ex = new Exchange()): Exchange {
  const pending: ExchangeEvent[] = [];
  // Copied: the events wait for the line to end, and an exchange may reuse its event objects.
  ex.setSink((e) => pending.push({ ...e }));
  const flush = () => {
    for (const e of pending) out(toDecimal(ex, e));
    pending.length = 0;
  };
  // A byte-order mark is an encoding artefact, not part of the first command.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  // A trailing newline does not make a last, empty line worth numbering.
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    applyLine(ex, raw, i + 1);
    flush();
  }
  out({ ...finalEvent(ex), hash: stateHash(ex) });
  return ex;
}

/** Applies one journal line to the exchange. */
export function applyLine(ex: Exchange, raw: string, line: number): void {
  let cmd: unknown;
  try {
    cmd = JSON.parse(raw);
  } catch {
    ex.rejectLine(line, 'This line is not valid JSON.');
    return;
  }
  void ex.apply(cmd, line); // a refused line is reported by the exchange as its reject event (JOURNAL.md): the replay goes on
}
