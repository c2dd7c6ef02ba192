/**
 * The Trade page's instrument switcher's matching: which markets a typed
 * query finds, best first. Pure, so the order is tested; the combobox is
 * `components/InstrumentSwitcher.tsx`.
 */

export interface Searchable {
  symbol: string;
  name: string;
}

/**
 * The markets whose symbol or name holds the query (case and accents aside),
 * ranked: symbol equal, symbol starting with it, name word starting with it,
 * anywhere; the list's own order within a rank. An empty query finds all.
 */
export function searchInstruments<T extends Searchable>(list: readonly T[], query: string, limit = 50): T[] {
  const q = fold(query.trim());
  if (q === '') return list.slice(0, limit);
  const ranked: { item: T; rank: number; at: number }[] = [];
  list.forEach((item, at) => {
    const s = fold(item.symbol);
    const n = fold(item.name);
    const rank = s === q ? 0 : s.startsWith(q) ? 1 : (` ${n}`).includes(` ${q}`) ? 2 : s.includes(q) || n.includes(q) ? 3 : -1;
    if (rank >= 0) ranked.push({ item, rank, at });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return ranked.slice(0, limit).map((r) => r.item);
}

/** Lower case without accents: "Société" finds "societe". */
function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
