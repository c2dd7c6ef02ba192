import { describe, expect, it } from 'vitest';
import type { LiveDiffSummary } from '../../protocol';
import { fmtMoney } from '../format';
import { cents, differenceLine, partsLine } from './liveDiffText';

const base: LiveDiffSummary = {
  livePnl: -47.45, backtestPnl: -42.37, difference: -5.08, fromSlippage: -5.34, fromFees: 1.1, fromOther: -0.84, matched: 27, missedLive: 1, extraLive: 0,
};
const $ = (x: number) => fmtMoney(x);

describe('the summary in plain words', () => {
  it('says what each run made and by how much live did worse or better', () => {
    expect(differenceLine(base)).toBe(`Live lost ${$(47.45)}, the backtest lost ${$(42.37)}: live did ${$(5.08)} worse.`);
    expect(differenceLine({ ...base, livePnl: 12.5, backtestPnl: 10, difference: 2.5 })).toBe(`Live made ${$(12.5)}, the backtest made ${$(10)}: live did ${$(2.5)} better.`);
    expect(differenceLine({ ...base, livePnl: 3, backtestPnl: 3.001, difference: -0.001 })).toBe(`Live made ${$(3)}, the backtest made ${$(3)}: live did the same.`);
  });

  it('splits it into slippage, fees and the rest, each as what it cost or added live, and counts the fills of one run only', () => {
    const line = partsLine(base);
    expect(line).toMatch(new RegExp(`^Slippage \\(the prices its orders filled at\\) cost ${$(5.34).replace('$', '\\$')}, fees added ${$(1.1).replace('$', '\\$')}, and the rest cost ${$(0.84).replace('$', '\\$')}: `));
    expect(line).toContain('fills that did not happen live (1), fills that happened only live (0)');
    expect(partsLine({ ...base, fromSlippage: 0, fromFees: -0.001 })).toMatch(/^Slippage \(the prices its orders filled at\) made no difference, fees made no difference,/);
  });

  it('shows float noise below half a cent as nothing', () => {
    expect(fmtMoney(cents(-2.7e-13))).toBe(fmtMoney(0));
    expect(cents(-0.006)).toBe(-0.006);
  });
});
