import { describe, expect, it } from 'vitest';
import { firstSyntaxError, lineRange, positionAt } from './syntax';

describe('firstSyntaxError', () => {
  it('finds nothing in valid code, a top-level return included', () => {
    expect(firstSyntaxError('const a = 1;\nreturn { onBar(ctx) { ctx.buy(); } };\n')).toBeNull();
  });

  it('finds the line of a broken expression, a missing brace, a stray token', () => {
    expect(firstSyntaxError('const a = 1;\nconst b = ;\nreturn a;')?.line).toBe(2);
    expect(firstSyntaxError('return {\n  onBar(ctx) {\n    if (ctx.x > 1 {\n      ctx.buy();\n    }\n  },\n};')?.line).toBe(3);
    const p = firstSyntaxError('let x = 1;\nlet y = 2;\nx y;\n');
    expect(p?.line).toBe(3);
  });

  it('positions count lines and columns from 1', () => {
    expect(positionAt('ab\ncd', 4)).toEqual({ from: 4, to: 5, line: 2, column: 2 });
    expect(positionAt('ab', 0)).toMatchObject({ line: 1, column: 1 });
  });

  it('lineRange clamps to the text', () => {
    expect(lineRange('ab\ncde\nf', 2)).toEqual({ from: 3, to: 6 });
    expect(lineRange('ab\ncde', 9)).toEqual({ from: 3, to: 6 });
    expect(lineRange('ab', 0)).toEqual({ from: 0, to: 2 });
  });
});
