import { For, Show, createSignal, onCleanup } from 'solid-js';
import type { SeriesMeta } from '../../core/backtest/series';
import { Code } from '../../core/codes';
import type { SeriesImportProgress } from '../../protocol';
import { useClient } from '../client';
import { EMPTY_IMPORT, importOptions, type ImportFields } from './importForm';

let imports = 0;

/**
 * Import a CSV of bars as a series to backtest on: the file (read by the
 * engine in pieces, never whole on this page), its name, and optionally its
 * format and columns (detected from the header otherwise). While it reads,
 * its progress (polled: a follower tab's call crosses a channel that cannot
 * carry a callback) and Cancel; a bad line is named by its number, and
 * nothing is kept unless every line is good.
 */
export function DataImport(props: { onImported: (meta: SeriesMeta) => void }) {
  const { engine } = useClient();
  const [file, setFile] = createSignal<File | null>(null);
  const [name, setName] = createSignal('');
  const [fields, setFields] = createSignal<ImportFields>(EMPTY_IMPORT);
  const [running, setRunning] = createSignal<string | null>(null);
  const [progress, setProgress] = createSignal<SeriesImportProgress | null>(null);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  let poll: ReturnType<typeof setInterval> | undefined;
  const stopPolling = () => clearInterval(poll);
  onCleanup(stopPolling);

  const setColumn = (k: keyof ImportFields['columns'], v: string) => setFields({ ...fields(), columns: { ...fields().columns, [k]: v } });

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = file();
    if (f === null) return setStatus({ ok: false, text: 'Choose a CSV file first.' });
    const opts = importOptions(fields());
    if (!opts.ok) return setStatus({ ok: false, text: opts.message });
    const id = `import-${Date.now().toString(36)}-${++imports}`;
    setStatus(null);
    setProgress(null);
    setRunning(id);
    // The answer is taken only while this import runs (a late one after it ended is dropped).
    const onProgress = (p: Awaited<ReturnType<typeof engine.seriesImportProgress>>) => {
      if (p.ok && running() === id) setProgress({ bytes: p.bytes, total: p.total, rows: p.rows, phase: p.phase });
    };
    poll = setInterval(() => void engine.seriesImportProgress(id).then(onProgress), 200);
    try {
      const r = await engine.seriesImport(id, name().trim() || f.name, f, opts.options);
      if (r.ok) {
        setStatus({ ok: true, text: `Imported ${r.rows.toLocaleString()} bars as "${r.meta.name}".` });
        props.onImported(r.meta);
      } else setStatus({ ok: false, text: r.code === Code.CANCELLED ? 'Import cancelled: nothing was kept.' : `Nothing was imported: ${r.message}` });
    } catch (err) {
      setStatus({ ok: false, text: `Nothing was imported: ${String((err as Error)?.message ?? err)}` });
    } finally {
      stopPolling();
      setRunning(null);
      setProgress(null);
    }
  };
  const cancel = () => {
    const id = running();
    if (id !== null) void engine.seriesImportCancel(id);
  };
  const pct = () => {
    const p = progress();
    return p && p.total > 0 ? Math.round((p.bytes / p.total) * 100) : null;
  };

  return (
    <details class="bt-import" data-testid="bt-import">
      <summary>Import a CSV of your own</summary>
      <form onSubmit={(e) => void submit(e)} novalidate>
        <p class="hint">
          Daily or intraday bars: a date or time column, then open, high, low, close and optionally volume. Yahoo Finance's download works as it
          is; other layouts are found by their column names, or say which column is which below.
        </p>
        <div class="grid-form">
          <label>
            CSV file
            <input id="bt-import-file" type="file" accept=".csv,.txt,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </label>
          <label>
            <span>Name <span class="muted small">the file's, if empty</span></span>
            <input id="bt-import-name" type="text" autocomplete="off" maxlength="120" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
        </div>
        <fieldset class="params">
          <legend>Format (optional)</legend>
          <div class="grid-form">
            <label>
              Separator
              <select id="bt-import-delimiter" value={fields().delimiter} onChange={(e) => setFields({ ...fields(), delimiter: e.currentTarget.value as ImportFields['delimiter'] })}>
                <option value="">Detect</option>
                <option value=",">Comma (,)</option>
                <option value=";">Semicolon (;)</option>
                <option value={'\t'}>Tab</option>
              </select>
            </label>
            <label class="check">
              <input type="checkbox" checked={fields().dayFirst} onChange={(e) => setFields({ ...fields(), dayFirst: e.currentTarget.checked })} />
              Dates are day first (31/12/2020)
            </label>
            <label class="check">
              <input type="checkbox" checked={fields().decimalComma} onChange={(e) => setFields({ ...fields(), decimalComma: e.currentTarget.checked })} />
              Decimal comma (1234,5)
            </label>
          </div>
          <p class="hint">Columns: a header's name, or its number counting from 1. Leave all empty to detect them.</p>
          <div class="grid-form bt-columns">
            <For each={['time', 'open', 'high', 'low', 'close', 'volume'] as const}>
              {(k) => (
                <label>
                  {k === 'time' ? 'Date/time column' : `${k[0].toUpperCase()}${k.slice(1)} column`}
                  <input type="text" autocomplete="off" value={fields().columns[k]} onInput={(e) => setColumn(k, e.currentTarget.value)} />
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <div class="inline-actions">
          <button type="submit" disabled={running() !== null}>Import</button>
          <button type="button" disabled={running() === null} onClick={cancel}>Cancel import</button>
          <Show when={running()}>
            <label class="bt-progress">
              <span>{progress()?.phase === 'saving' ? 'Saving…' : `Reading${pct() === null ? '…' : ` ${pct()} %`}`}{progress() ? ` · ${progress()!.rows.toLocaleString()} rows` : ''}</span>
              <Show when={progress() && progress()!.total > 0} fallback={<progress />}>
                <progress max={progress()!.total} value={progress()!.bytes} />
              </Show>
            </label>
          </Show>
        </div>
        <p role="status" class={status()?.ok ? 'ok-msg' : 'err-msg'} data-testid="bt-import-status">{status()?.text ?? ''}</p>
      </form>
    </details>
  );
}
