/**
 * What a replay step was, in words for people (numbers with Intl): "Bought 4
 * FUN at market", "Limit sell 2 FUN @ 101.20", "Cancelled order 7 (limit
 * buy 1 MEME @ 1.00)", "Prices at 10:03:00". A refused command says it was
 * refused and why (the student's sim refused it too); fills that came in a
 * step are said after it.
 */
import type { ReplayAction, ReplayFill, ReplayOrder, ReplayStep } from '../../core/classroom/sessionReplay';
import { fmtPrice, fmtQty, fmtTime } from '../format';

const TYPE = { limit: 'Limit', market: 'Market', stop: 'Stop', stop_limit: 'Stop limit' } as Record<string, string>;
const typeName = (t: string) => TYPE[t] ?? t;
const qty = (q: number) => fmtQty(q, 4);

function orderWords(o: { side: string; type: string; qty: number; symbol: string; price: number | null; stopPrice: number | null }): string {
  let s = `${typeName(o.type)} ${o.side} ${qty(o.qty)} ${o.symbol}`;
  if (o.stopPrice !== null) s += `, stop ${fmtPrice(o.stopPrice)}`;
  if (o.price !== null) s += ` @ ${fmtPrice(o.price)}`;
  return s;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function fillWords(fills: readonly ReplayFill[]): string {
  return fills.map((f) => `${f.side === 'buy' ? 'bought' : 'sold'} ${qty(f.qty)} ${f.symbol} @ ${fmtPrice(f.price)}`).join(', ');
}

/** The action alone (the fills are `stepWords`'). */
export function actionWords(a: ReplayAction, now: number, fills: readonly ReplayFill[] = []): string {
  const refused = (what: string, why: string | null) => (why === null ? what : `${what}: refused (${why})`);
  switch (a.k) {
    case 'prices':
      return `Prices at ${fmtTime(now)}`;
    case 'time':
      return `Market ran to ${fmtTime(now)}`;
    case 'place': {
      // A market order that filled whole in its own step reads as what it did.
      const filled = fills.filter((f) => f.symbol === a.symbol && f.side === a.side).reduce((q, f) => q + f.qty, 0);
      if (a.refused === null && a.type === 'market' && filled > 0 && Math.abs(filled - a.qty) < 1e-9) {
        return `${a.side === 'buy' ? 'Bought' : 'Sold'} ${qty(a.qty)} ${a.symbol} at market`;
      }
      return refused(orderWords(a), a.refused);
    }
    case 'cancel':
      return refused(`Cancelled order ${a.id}${a.order === null ? '' : ` (${lower(orderWords(a.order))})`}`, a.refused);
    case 'modify': {
      const changes = [a.qty === null ? null : `quantity ${qty(a.qty)}`, a.price === null ? null : `price ${fmtPrice(a.price)}`, a.stopPrice === null ? null : `stop ${fmtPrice(a.stopPrice)}`]
        .filter((x) => x !== null).join(', ');
      return refused(`Changed order ${a.id}${a.order === null ? '' : ` (${lower(orderWords(a.order))})`}: ${changes}`, a.refused);
    }
    case 'setRisk':
      return refused('Set risk rules', a.refused);
  }
}

/** A step in words: its action, then what filled in it ("filled: bought 4 FUN @ 100.10"). */
export function stepWords(s: ReplayStep): string {
  const head = actionWords(s.action, s.now, s.fills);
  return s.fills.length === 0 ? head : `${head} · filled: ${fillWords(s.fills)}`;
}

/** A working order as a table row says it. */
export function orderLine(o: ReplayOrder): string {
  return orderWords(o);
}
