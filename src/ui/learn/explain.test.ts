import { describe, expect, it } from 'vitest';
import { ORDER_TYPE_NAMES, TIF_NAMES } from '../../protocol/commands';
import { BRACKET_HELP, ORDER_TYPE_HELP, TIF_HELP } from './explain';

describe("the ticket's explanations", () => {
  it('every order type and time in force the ticket offers has a short line and a worked example with numbers', () => {
    const all = [...ORDER_TYPE_NAMES.map((t) => ORDER_TYPE_HELP[t]), ...TIF_NAMES.map((t) => TIF_HELP[t]), BRACKET_HELP];
    expect(Object.keys(ORDER_TYPE_HELP).sort()).toEqual([...ORDER_TYPE_NAMES].sort());
    expect(Object.keys(TIF_HELP).sort()).toEqual([...TIF_NAMES].sort());
    for (const e of all) {
      expect(e.short.length).toBeGreaterThan(30);
      // A line a person reads at a glance: no longer than two of a ticket's lines.
      expect(e.short.length).toBeLessThan(200);
      expect(e.example).toMatch(/\d/);
    }
  });
});
