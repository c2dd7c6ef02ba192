// What the feed's troubles are called for a person. The manager keeps the
// technical reason ("closed with code 1006", "REST ping failed (Failed to
// fetch)") for a tooltip; what the badge says is built here, from the kind of
// trouble and the venue's name, so it reads the same whatever the venue's
// protocol said.

import type { TroubleKind } from './types';

/** Shown while the browser says it is offline: nothing is attempted until it says online. */
export const OFFLINE_PLAIN = 'Offline: live prices resume when the network is back';
export const OFFLINE_REASON = 'the browser is offline (navigator.onLine is false): no connection attempted';

/** Each kind as a predicate, for one venue and for several ("Coinbase and Kraken could not be reached"). */
const SAY: Record<TroubleKind, { one: string; many: string }> = {
  unreachable: { one: 'could not be reached', many: 'could not be reached' },
  location: { one: 'does not serve this location', many: 'do not serve this location' },
  unavailable: { one: 'is not available right now', many: 'are not available right now' },
  dropped: { one: 'dropped the connection', many: 'dropped the connection' },
  unstable: { one: 'kept dropping the connection', many: 'kept dropping the connection' },
  timeout: { one: 'did not answer in time', many: 'did not answer in time' },
  quiet: { one: 'stopped sending prices', many: 'stopped sending prices' },
};

/** "Coinbase Exchange could not be reached". */
export function plainTrouble(label: string, kind: TroubleKind): string {
  return `${label} ${SAY[kind].one}`;
}

/** "A", "A and B", "A, B and C". */
function names(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

export interface Trouble {
  label: string;
  /** Undefined: a trouble with no plain name (a venue's own refusal); `text` is shown as it is. */
  kind: TroubleKind | undefined;
  /** The technical reason, shown when there is no kind. */
  text: string;
}

/**
 * Several venues' troubles in one sentence, venues with the same kind named
 * together, in the order given: "Binance does not serve this location;
 * Coinbase Exchange and Kraken could not be reached".
 */
export function plainSummary(troubles: readonly Trouble[]): string {
  // One entry per kind (at its first venue's place) or per unnamed trouble.
  const parts: Array<{ kind: TroubleKind; labels: string[] } | { text: string }> = [];
  const byKind = new Map<TroubleKind, string[]>();
  for (const t of troubles) {
    if (t.kind === undefined) {
      parts.push({ text: t.text });
      continue;
    }
    const labels = byKind.get(t.kind);
    if (labels !== undefined) labels.push(t.label);
    else {
      const fresh = [t.label];
      byKind.set(t.kind, fresh);
      parts.push({ kind: t.kind, labels: fresh });
    }
  }
  return parts
    .map((p) => ('text' in p ? p.text : `${names(p.labels)} ${p.labels.length === 1 ? SAY[p.kind].one : SAY[p.kind].many}`))
    .join('; ');
}
