import { For, Show, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client';
import { download } from '../download';
import { createCodeEditor, type CodeEditor } from './codeEditor';
import { EXAMPLES } from './examples';
import { fileNameOf, freeName, importProblem, MAX_CODE_CHARS, NAME_RULE, nameFromFile } from './files';
import { HelpPanel } from './HelpPanel';
import { RunPanel } from './RunPanel';
import { firstSyntaxError } from './syntax';
import { TEMPLATE } from './template';
import './editor.css';

type Msg = { ok: boolean; text: string } | null;
/** An error in the code, where it is known: shown under the editor and marked on its line. */
export interface Problem {
  message: string;
  line?: number;
  column?: number;
}

/** Checks typed code this long after the last key (a sandbox compiles it: cheap, not free). */
const CHECK_AFTER_MS = 700;

/**
 * The strategy editor: write a strategy in JavaScript against the SDK, check
 * it in a sandbox (errors marked on their line), save it in the browser,
 * rename, delete, export and import it as a `.js` file, start from the
 * template or a built-in's example, and run it (RunPanel).
 */
export function Editor() {
  const { engine } = useClient();
  const [saved, { refetch }] = createResource(async () => {
    const r = await engine.userStrategies();
    return r.ok ? r.rows : [];
  });
  const names = () => (saved() ?? []).map((r) => r.name);
  const [name, setName] = createSignal('my-strategy');
  /** The saved strategy the editor holds (null: not saved yet). */
  const [current, setCurrent] = createSignal<string | null>(null);
  const [dirty, setDirty] = createSignal(false);
  const [msg, setMsg] = createSignal<Msg>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [declared, setDeclared] = createSignal<{ title: string; timeframe: string; params: unknown } | null>(null);
  const [renameTo, setRenameTo] = createSignal('');
  let host!: HTMLDivElement;
  let fileInput!: HTMLInputElement;
  let editor: CodeEditor | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = async (): Promise<boolean> => {
    if (editor === undefined) return false;
    const code = editor.text();
    const r = await engine.userStrategyCheck(code);
    if (editor.text() !== code) return false; // typed on meanwhile: a newer check follows
    if (r.ok) {
      editor.mark(null);
      setProblem(null);
      setDeclared({ title: r.summary.title, timeframe: r.summary.timeframe, params: r.summary.params });
      return true;
    }
    let { line, column } = r;
    if (line === undefined && r.message.startsWith('SyntaxError')) {
      const at = firstSyntaxError(code);
      if (at !== null) ({ line, column } = at);
    }
    setProblem({ message: r.message, line, column });
    setDeclared(null);
    editor.mark({ line: line ?? 1, column, message: r.message });
    return false;
  };

  onMount(() => {
    editor = createCodeEditor(host, TEMPLATE, 'Strategy code (JavaScript)', () => {
      setDirty(true);
      clearTimeout(timer);
      timer = setTimeout(() => void check(), CHECK_AFTER_MS);
    });
    void check();
  });
  onCleanup(() => {
    clearTimeout(timer);
    editor?.destroy();
  });

  const load = (code: string, as: string, savedAs: string | null) => {
    editor?.setText(code);
    setName(as);
    setCurrent(savedAs);
    setDirty(false);
    setMsg(null);
    void check();
  };

  const open = async (n: string) => {
    if (dirty() && !confirm(`Discard the changes to ${current() ?? name()}?`)) return;
    const row = (saved() ?? []).find((r) => r.name === n);
    if (row !== undefined) load(row.code, row.name, row.name);
  };

  const startFrom = (key: string) => {
    if (key === '') return;
    if (dirty() && !confirm(`Discard the changes to ${current() ?? name()}?`)) return;
    const ex = EXAMPLES.find((e) => e.name === key);
    load(ex?.code ?? TEMPLATE, freeName(ex === undefined ? 'my-strategy' : `my-${ex.name}`, names()), null);
  };

  /** Saves under the name field; answers whether it is saved. */
  const save = async (): Promise<boolean> => {
    if (editor === undefined) return false;
    const n = name().trim();
    if (!NAME_RULE.test(n)) {
      setMsg({ ok: false, text: 'Name: 1 to 64 letters, digits, "-" or "_", starting with a letter or digit.' });
      return false;
    }
    if (current() !== n && names().includes(n) && !confirm(`Replace the saved strategy ${n}?`)) return false;
    const r = await engine.userStrategySave(n, editor.text());
    if (!r.ok) {
      setMsg({ ok: false, text: r.message });
      return false;
    }
    setCurrent(n);
    setDirty(false);
    setMsg({ ok: true, text: `Saved ${n}.` });
    void refetch();
    return true;
  };

  const rename = async () => {
    const from = current();
    const to = renameTo().trim();
    if (from === null) return setMsg({ ok: false, text: 'Save the strategy before renaming it.' });
    const r = await engine.userStrategyRename(from, to);
    if (!r.ok) return setMsg({ ok: false, text: r.message });
    setCurrent(to);
    setName(to);
    setRenameTo('');
    setMsg({ ok: true, text: `Renamed ${from} to ${to}.` });
    void refetch();
  };

  const remove = async () => {
    const n = current();
    if (n === null || !confirm(`Delete the strategy ${n}? This cannot be undone (export it first to keep a copy).`)) return;
    const r = await engine.userStrategyDelete(n);
    if (!r.ok) return setMsg({ ok: false, text: r.message });
    setCurrent(null);
    setDirty(true);
    setMsg({ ok: true, text: `Deleted ${n}. Its code is still in the editor until you leave.` });
    void refetch();
  };

  const importFile = async (file: File | undefined) => {
    if (file === undefined) return;
    const bad = importProblem(file.name, file.size);
    if (bad !== null) return setMsg({ ok: false, text: bad });
    const code = await file.text();
    if (code.length > MAX_CODE_CHARS) return setMsg({ ok: false, text: `${file.name} is too long for a strategy (at most ${MAX_CODE_CHARS.toLocaleString()} characters).` });
    load(code, freeName(nameFromFile(file.name), names()), null);
    setDirty(true);
    setMsg({ ok: true, text: `Imported ${file.name}: check it, then save it.` });
  };

  return (
    <section aria-labelledby="h-editor" class="editor-page">
      <div class="page-head">
        <h1 id="h-editor">Strategy editor</h1>
        <label class="inline-label">
          Start from
          <select onChange={(e) => { startFrom(e.currentTarget.value); e.currentTarget.value = ''; }} data-testid="start-from">
            <option value="">Choose…</option>
            <option value="template">The template</option>
            <For each={EXAMPLES}>{(ex) => <option value={ex.name}>Example: {ex.title}</option>}</For>
          </select>
        </label>
      </div>

      <section class="card" aria-labelledby="h-code">
        <div class="card-head">
          <h2 id="h-code">
            <Show when={current()} fallback={<>New strategy (not saved)</>}>{(c) => <>{c()}</>}</Show>
            <Show when={dirty() && current() !== null}><span class="muted small"> · changed</span></Show>
          </h2>
          <Show when={declared()}>{(d) => <span class="muted small" data-testid="declared">{d().title} · {d().timeframe} bars</span>}</Show>
        </div>
        <div ref={host} class="code-host" data-testid="code-editor" />
        <p id="editor-keys" class="small muted">
          Tab indents. To leave the editor with the keyboard, press Escape, then Tab (or Shift+Tab).
        </p>
        <p role="status" aria-live="polite" data-testid="code-status" class={problem() === null ? 'ok-msg' : 'err-msg'}>
          <Show when={problem()} fallback={declared() !== null ? 'No errors: the code declares a strategy.' : ''}>
            {(p) => (
              <>
                <Show when={p().line !== undefined}>
                  <button type="button" class="linklike" onClick={() => editor?.focusLine(p().line ?? 1)}>Line {p().line}</button>:{' '}
                </Show>
                {p().message}
              </>
            )}
          </Show>
        </p>
        <form class="inline" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label for="strategy-name">Name</label>
          <input id="strategy-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} maxlength={64} pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,63}" />
          <button type="submit" class="primary">Save</button>
          <button type="button" onClick={() => void check()}>Check</button>
          <button type="button" onClick={() => editor !== undefined && download(editor.text(), fileNameOf(name().trim() || 'strategy'), 'text/javascript')}>Export .js</button>
          <button type="button" onClick={() => fileInput.click()}>Import .js…</button>
          {/* Hidden: the "Import .js…" button is the control (a file input cannot be styled as one). */}
          <input ref={fileInput} type="file" accept=".js,.mjs,text/javascript" hidden tabindex="-1" aria-label="Import a strategy file"
            onChange={(e) => { void importFile(e.currentTarget.files?.[0]); e.currentTarget.value = ''; }} />
        </form>
        <p role="status" aria-live={msg()?.ok === false ? 'assertive' : 'polite'} class={msg()?.ok === false ? 'err-msg' : 'ok-msg'} data-testid="editor-msg">
          {msg()?.text ?? ''}
        </p>
      </section>

      <RunPanel name={() => current()} dirty={dirty} save={save} check={check} defaultTimeframe={() => declared()?.timeframe} declaredParams={() => declared()?.params} />

      <section class="card" aria-labelledby="h-saved">
        <h2 id="h-saved">Your strategies</h2>
        <Show when={(saved() ?? []).length > 0} fallback={<p class="muted">None saved yet. They are kept in this browser and in your backups.</p>}>
          <ul class="saved-list">
            <For each={saved()}>
              {(row) => (
                <li>
                  <button type="button" onClick={() => void open(row.name)} aria-current={current() === row.name ? 'true' : undefined}>{row.name}</button>
                  <span class="muted small"> saved {new Date(row.updatedAt).toLocaleString()}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={current() !== null}>
          <form class="inline" onSubmit={(e) => { e.preventDefault(); void rename(); }}>
            <label for="rename-to">Rename {current()} to</label>
            <input id="rename-to" value={renameTo()} onInput={(e) => setRenameTo(e.currentTarget.value)} maxlength={64} required />
            <button type="submit">Rename</button>
            <button type="button" class="danger" onClick={() => void remove()}>Delete {current()}</button>
          </form>
        </Show>
      </section>

      <HelpPanel />
    </section>
  );
}
