import { javascriptLanguage } from '@codemirror/lang-javascript';

/**
 * Where a syntax error sits in the person's code. The sandbox's compile says
 * whether the code is valid JavaScript and why not (`new Function` there);
 * Chromium's SyntaxError carries no position, so the editor finds it by
 * parsing the same text with CodeMirror's JavaScript parser (Lezer), whose
 * first error node is where parsing broke. The body is parsed as a
 * function's, so a top-level `return` is fine.
 */
export interface Position {
  /** Offset in the text. */
  from: number;
  to: number;
  /** 1-based line and column. */
  line: number;
  column: number;
}

export function positionAt(code: string, offset: number): Position {
  const before = code.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { from: offset, to: Math.min(code.length, offset + 1), line, column };
}

/** The first place the parser could not read, or null when it read it all. */
export function firstSyntaxError(code: string): Position | null {
  const tree = javascriptLanguage.parser.parse(code);
  let at: number | null = null;
  tree.iterate({
    enter(node) {
      if (at !== null) return false;
      if (node.type.isError) {
        at = node.from;
        return false;
      }
      return undefined;
    },
  });
  return at === null ? null : positionAt(code, at);
}

/** The offsets of line `line` (1-based; clamped to the text). */
export function lineRange(code: string, line: number): { from: number; to: number } {
  const lines = code.split('\n');
  const n = Math.min(Math.max(1, line), lines.length);
  let from = 0;
  for (let i = 0; i < n - 1; i++) from += lines[i].length + 1;
  return { from, to: from + lines[n - 1].length };
}
