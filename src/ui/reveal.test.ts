import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { revealInSteps } from './reveal';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('revealInSteps', () => {
  it('shows the first rows at once, then one step per later task, until all are shown', () => {
    const shown: number[] = [];
    revealInSteps(50, 24, 16, (n) => shown.push(n));
    expect(shown).toEqual([24]); // nothing more in the same task
    vi.advanceTimersToNextTimer();
    expect(shown).toEqual([24, 40]);
    vi.advanceTimersToNextTimer();
    expect(shown).toEqual([24, 40, 56]);
    vi.runAllTimers();
    expect(shown).toEqual([24, 40, 56]); // covered: no task left behind
    expect(vi.getTimerCount()).toBe(0);
  });

  it('schedules nothing when the first step already covers the list', () => {
    const shown: number[] = [];
    revealInSteps(10, 24, 16, (n) => shown.push(n));
    expect(shown).toEqual([24]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops when told: no later step runs', () => {
    const shown: number[] = [];
    const stop = revealInSteps(100, 24, 16, (n) => shown.push(n));
    vi.advanceTimersToNextTimer();
    stop();
    vi.runAllTimers();
    expect(shown).toEqual([24, 40]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
