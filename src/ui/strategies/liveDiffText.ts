/**
 * The summary of "Live vs backtest" in plain words for a learner: what each
 * run made, and what the difference came from. Each part is its effect on
 * the live P&L (negative: it cost live money), so the three add up to the
 * difference. Pure: tested in Node (liveDiffText.test.ts).
 */
import { fmtMoney } from '../format';
import type { LiveDiffSummary } from '../../protocol';

/** Below half a cent, a sum is nothing. */
const NIL = 0.005;

/** Money shown to the cent: float noise below half a cent is 0 (not "−$0.00"). */
export function cents(x: number): number {
  return Math.abs(x) < NIL ? 0 : x;
}

function made(x: number): string {
  return x <= -NIL ? `lost ${fmtMoney(-x)}` : `made ${fmtMoney(Math.abs(x) < NIL ? 0 : x)}`;
}

function part(what: string, x: number): string {
  if (x <= -NIL) return `${what} cost ${fmtMoney(-x)}`;
  if (x >= NIL) return `${what} added ${fmtMoney(x)}`;
  return `${what} made no difference`;
}

/** "Live made $10.00, the backtest $12.50: live did $2.50 worse." */
export function differenceLine(s: LiveDiffSummary): string {
  const d = s.difference;
  const verdict = Math.abs(d) < NIL ? 'the same' : `${fmtMoney(Math.abs(d))} ${d < 0 ? 'worse' : 'better'}`;
  return `Live ${made(s.livePnl)}, the backtest ${made(s.backtestPnl)}: live did ${verdict}.`;
}

/** "Slippage (…) cost $2.00, fees cost $0.40, and the rest cost $0.10: fills that did not happen live (1), …" */
export function partsLine(s: LiveDiffSummary): string {
  return `${capitalised(part('Slippage (the prices its orders filled at)', s.fromSlippage))}, ${part('fees', s.fromFees)}, and ${part('the rest', s.fromOther)}: `
    + `fills that did not happen live (${s.missedLive}), fills that happened only live (${s.extraLive}), and sizes (live trades whole lots, `
    + 'and each run sizes its orders from its own money).';
}

function capitalised(x: string): string {
  return x.charAt(0).toUpperCase() + x.slice(1);
}
