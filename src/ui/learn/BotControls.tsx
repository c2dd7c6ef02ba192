import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client';
import { fmtPrice } from '../format';
import { parseDecimal } from '../ticket';
import type { BotChangeView, BotSettingsView, InstrumentInfo } from '../../protocol';

const REFRESH_MS = 1000;
const bpsFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

type Field = keyof BotChangeView;
const FIELDS: { key: Field; label: string; hint: string }[] = [
  { key: 'spreadBps', label: 'Maker spread (bps)', hint: '1 to 500; 100 bps is 1 %' },
  { key: 'levels', label: 'Quotes a side', hint: 'The maker’s depth: 1 to 20' },
  { key: 'levelNotional', label: 'Quote size ($)', hint: '100 to 200,000' },
  { key: 'noiseRate', label: 'Noise orders/s', hint: '0 (quiet) to 5 (busy)' },
];

/**
 * "Show me" (c): the bots of this market, changed by the learner. Each
 * change is the sim's journaled `botParams` command (the engine checks every
 * field and says what is wrong), so a reload or a replay gives the same
 * market. The maker's own best quotes are shown beside the book's, which
 * noise traders' limits may improve on when the spread is wide.
 */
export function BotControls(props: { inst: InstrumentInfo }) {
  const { engine } = useClient();
  const sym = () => props.inst.symbol;
  const [now, setNow] = createSignal<BotSettingsView | null>(null);
  const [values, setValues] = createSignal<Record<Field, string>>({ spreadBps: '', levels: '', levelNotional: '', noiseRate: '' });
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  let filled = false;

  const refresh = async () => {
    const s = await engine.botSettings(sym());
    setNow(s);
    if (s !== null && !filled) {
      filled = true;
      setValues({ spreadBps: show(s.spreadBps), levels: show(s.levels), levelNotional: show(s.levelNotional), noiseRate: show(s.noiseRate) });
    }
  };
  onMount(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });

  const apply = async (e: Event) => {
    e.preventDefault();
    const s = now();
    const change: BotChangeView = {};
    for (const f of FIELDS) {
      const v = parseDecimal(values()[f.key]);
      if (Number.isNaN(v) && values()[f.key].trim() !== '') {
        setStatus({ ok: false, text: `${f.label}: enter a number (${f.hint}).` });
        return;
      }
      if (!Number.isNaN(v) && v !== s?.[f.key]) change[f.key] = v;
    }
    if (Object.keys(change).length === 0) {
      setStatus({ ok: false, text: 'Nothing changed: edit a field first.' });
      return;
    }
    setBusy(true);
    try {
      const r = await engine.setBotParams(sym(), change);
      setStatus(r.ok ? { ok: true, text: 'Changed. Watch the book and the tape: the bots trade with the new settings from the next second.' } : { ok: false, text: r.message });
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  const makerSpread = () => {
    const s = now();
    if (s === null || s.makerBid === null || s.makerAsk === null) return null;
    return { bid: s.makerBid, ask: s.makerAsk, bps: ((s.makerAsk - s.makerBid) / ((s.makerAsk + s.makerBid) / 2)) * 1e4 };
  };

  return (
    <section aria-labelledby="h-bots">
      <h3 id="h-bots">Change the bots, watch the market</h3>
      <p class="small" data-testid="maker-spread">
        <Show when={makerSpread()} fallback="The market maker is not quoting now.">
          {(m) => <>Market maker quotes {fmtPrice(m().bid, props.inst.priceDecimals)} / {fmtPrice(m().ask, props.inst.priceDecimals)}: a spread of <span data-testid="maker-spread-bps">{bpsFmt.format(m().bps)}</span> bps.</>}
        </Show>
      </p>
      <form class="bots-form" onSubmit={(e) => void apply(e)} novalidate>
        <For each={FIELDS}>{(f) => (
          <label for={`bots-${f.key}`}>{f.label}
            <input id={`bots-${f.key}`} inputmode="decimal" autocomplete="off" value={values()[f.key]} aria-describedby={`bots-${f.key}-hint`}
              onInput={(e) => setValues({ ...values(), [f.key]: e.currentTarget.value })} />
            <span class="hint" id={`bots-${f.key}-hint`}>{f.hint}</span>
          </label>
        )}</For>
        <button type="submit" disabled={busy()}>Apply to {props.inst.symbol}</button>
      </form>
      <p role="status" class={status()?.ok === false ? 'err-msg' : 'ok-msg'} data-testid="bots-status">{status()?.text ?? ''}</p>
      <p class="muted small">
        A wider spread makes trading dearer: a market order pays more over the middle price. Fewer or smaller quotes make the book thin, so big orders move the price. More noise means more trades, and more chances for a resting order to fill.
        These settings are part of this market's history and are kept when you reload.
      </p>
    </section>
  );
}

function show(x: number | null): string {
  return x === null ? '' : String(x);
}
