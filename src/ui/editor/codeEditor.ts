import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { lineRange } from './syntax';

/**
 * The CodeMirror 6 editor of a strategy's code: line numbers, JavaScript
 * highlighting, errors marked on their line (gutter and underline), and the
 * page's colours (CSS variables, so both themes). Tab indents; Escape then
 * Tab (or Shift-Tab) leaves the editor, as CodeMirror documents it, so the
 * keyboard is never trapped.
 */
export interface CodeEditor {
  view: EditorView;
  text(): string;
  setText(code: string): void;
  /** Marks an error at a line (1-based), the column when known; null clears it. */
  mark(error: { line: number; column?: number; message: string } | null): void;
  focusLine(line: number): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--card)', border: '1px solid var(--line)', borderRadius: '6px', fontSize: '14px' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { caretColor: 'var(--fg)', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-scroller': { minHeight: '18rem', maxHeight: '60vh' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)' },
  '.cm-tooltip': { backgroundColor: 'var(--card)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
  '.cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--up) 25%, transparent)' },
});

/**
 * Code colours from CSS variables (editor.css sets them per theme), so both
 * themes keep their contrast; CodeMirror's default style is for light pages.
 */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--code-number)' },
  { tag: [t.lineComment, t.blockComment, t.comment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--code-property)' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.variableName)], color: 'var(--code-function)' },
  { tag: t.invalid, color: 'var(--down)' },
]);

export function createCodeEditor(parent: HTMLElement, code: string, label: string, onChange: (code: string) => void): CodeEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        basicSetup,
        syntaxHighlighting(highlight),
        keymap.of([indentWithTab]),
        javascript(),
        lintGutter(),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': 'editor-keys' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  const editor: CodeEditor = {
    view,
    text: () => view.state.doc.toString(),
    setText(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    mark(error) {
      const diagnostics: Diagnostic[] = [];
      if (error !== null) {
        const doc = view.state.doc.toString();
        const { from, to } = lineRange(doc, error.line);
        const start = error.column !== undefined ? Math.min(to, from + error.column - 1) : from;
        diagnostics.push({ from: start, to: Math.max(to, start), severity: 'error', message: error.message });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    focusLine(line) {
      const { from } = lineRange(view.state.doc.toString(), line);
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
  return editor;
}
