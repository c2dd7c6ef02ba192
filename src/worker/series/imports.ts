/**
 * CSV imports in progress. A file is read from its stream a chunk at a time
 * (never whole: a million rows is some 70 MB of text), decoded, pushed into
 * the CsvImporter, and only once every line is good saved as one series, so
 * a bad line or a cancel leaves nothing behind. Between chunks the worker's
 * event loop runs (the market's clock goes on), and any tab can ask how far
 * an import is or cancel it by the id its page gave it: polling, not a
 * callback, because a follower tab's call reaches the leader over a
 * BroadcastChannel, which cannot carry a function.
 */
import { CsvImporter, type CsvLayout } from '../../core/backtest/csv';
import type { SeriesMeta } from '../../core/backtest/series';
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code, fail, type Result } from '../../core/codes';
import type { ApiResult, CsvImportOptions, SeriesImportProgress } from '../../protocol';
import type { SeriesInput } from '../../storage/series';

/** Imports running at once: a person imports one file at a time; a bound so calls cannot pile up files in memory. */
export const MAX_IMPORTS = 2;
/** Characters pushed at a time when the source is text rather than a file. */
const TEXT_CHUNK = 1 << 18;

interface Job extends SeriesImportProgress {
  cancelled: boolean;
}

export type SaveSeries = (input: SeriesInput, data: OhlcvColumns) => Promise<Result<{ meta: SeriesMeta }>>;

/** Lets the event loop run (timers, other calls) between chunks. */
const breathe = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * A decoded piece of the file in slices of at most TEXT_CHUNK characters,
 * each with the bytes read once it is pushed (interpolated inside the
 * piece), with a breath between: a browser's stream hands 64 KB at a time,
 * Node's may hand the whole file at once.
 */
async function* slices(text: string, bytesBefore: number, bytesAfter: number): AsyncGenerator<{ text: string; bytes: number }> {
  const n = text.length;
  if (n === 0) yield { text, bytes: bytesAfter };
  for (let at = 0; at < n; at += TEXT_CHUNK) {
    const end = Math.min(n, at + TEXT_CHUNK);
    yield { text: text.slice(at, end), bytes: Math.round(bytesBefore + ((bytesAfter - bytesBefore) * end) / n) };
    await breathe();
  }
}

/** The text of a Blob piece by piece, with the bytes read so far. */
async function* blobChunks(blob: Blob): AsyncGenerator<{ text: string; bytes: number }> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const before = bytes;
      bytes += value.byteLength;
      yield* slices(decoder.decode(value, { stream: true }), before, bytes);
    }
    yield { text: decoder.decode(), bytes };
  } finally {
    // A cancelled or failed import stops reading the file.
    await reader.cancel().catch(() => {});
  }
}

/** Text given whole (its "bytes" are its characters). */
const textChunks = (text: string) => slices(text, 0, text.length);

export class SeriesImports {
  private readonly jobs = new Map<string, Job>();

  /** Reads `source` as CSV and saves it as a series named `name`; the answer is its description, or the first bad line. */
  async run(
    id: string, name: string, source: Blob | string, opts: CsvImportOptions | undefined, save: SaveSeries,
  ): Promise<ApiResult<{ meta: SeriesMeta; rows: number; layout: CsvLayout }>> {
    if (this.jobs.has(id)) return fail(Code.DUPLICATE_ID, `An import named ${id} is already running.`);
    if (this.jobs.size >= MAX_IMPORTS) return fail(Code.INVALID_COMMAND, `${MAX_IMPORTS} imports are running already; wait for one to finish.`);
    const total = typeof source === 'string' ? source.length : source.size;
    const job: Job = { bytes: 0, total, rows: 0, phase: 'reading', cancelled: false };
    this.jobs.set(id, job);
    try {
      const imp = new CsvImporter({ ...opts, expectedBytes: total });
      const chunks = typeof source === 'string' ? textChunks(source) : blobChunks(source);
      for await (const c of chunks) {
        if (job.cancelled) return cancelled();
        const r = imp.push(c.text);
        if (!r.ok) return r;
        job.bytes = c.bytes;
        job.rows = r.rows;
      }
      if (job.cancelled) return cancelled();
      const done = imp.finish();
      if (!done.ok) return done;
      job.phase = 'saving';
      job.rows = done.rows;
      const saved = await save({ name, source: 'csv' }, done.data);
      return saved.ok ? { ok: true, meta: saved.meta, rows: done.rows, layout: done.layout } : saved;
    } catch (e) {
      // Reading the file failed (it was changed or deleted meanwhile, a permission was revoked).
      return fail(Code.INVALID_DATA, `The file could not be read (${e instanceof Error ? e.message : String(e)}); nothing was imported.`);
    } finally {
      this.jobs.delete(id);
    }
  }

  /** How far import `id` is; unknown once it has answered. */
  progress(id: string): ApiResult<SeriesImportProgress> {
    const j = this.jobs.get(id);
    if (j === undefined) return fail(Code.INVALID_COMMAND, `No import ${id} is running.`);
    return { ok: true, bytes: j.bytes, total: j.total, rows: j.rows, phase: j.phase };
  }

  /** Stops import `id` before its next chunk (nothing is saved); too late once it is saving. */
  cancel(id: string): ApiResult {
    const j = this.jobs.get(id);
    if (j === undefined) return fail(Code.INVALID_COMMAND, `No import ${id} is running.`);
    if (j.phase === 'saving') return fail(Code.INVALID_COMMAND, 'The import is being saved already; delete the series afterwards if you do not want it.');
    j.cancelled = true;
    return { ok: true };
  }
}

const cancelled = () => fail(Code.CANCELLED, 'The import was cancelled; nothing was saved.');
