import { describe, expect, it } from 'vitest';
import { BUILTIN_CHOICES, userChoice } from './choices';

describe('strategy choices', () => {
  it('the built-ins first, with their own rule across parameters', () => {
    expect(BUILTIN_CHOICES[0]).toMatchObject({ name: 'sma-cross', problem: null });
    expect(BUILTIN_CHOICES[0].validate?.({ fast: 30, slow: 10, short: false })).toMatch(/shorter/);
  });

  it("a person's strategy as the sandbox declared it, or with why it cannot run", () => {
    const params = { n: { type: 'integer', default: 3, min: 1 } };
    expect(userChoice('mine', 'code', { ok: true, summary: { name: 'x', title: 'Mine', description: '', params } }))
      .toEqual({ name: 'user:mine', title: 'Mine (yours)', description: 'Your own strategy, from the editor.', params, code: 'code', problem: null });
    expect(userChoice('bad', 'return {', { ok: false, message: 'SyntaxError: x', line: 1 }))
      .toMatchObject({ name: 'user:bad', params: {}, problem: 'Your code does not check: SyntaxError: x (line 1). Fix it in the editor.' });
  });
});
