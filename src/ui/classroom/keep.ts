/**
 * What the browser keeps of classroom mode (localStorage): the relay's
 * address, a student's seat per room (its player token: rejoining from this
 * browser keeps the seat) and a teacher's admin token per room. Read back
 * field by field, since anything may have written there; a browser that
 * stores nothing (private mode) just forgets.
 */
const PREFIX = 'bourse.class.';

export interface KeptSeat { url: string; token: string; name: string }
export interface KeptAdmin { url: string; token: string }

function get(key: string): unknown {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

function put(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Nothing stored: the seat lasts as long as this page.
  }
}

const textField = (o: unknown, k: string, max = 300): string | null => {
  if (typeof o !== 'object' || o === null || !Object.hasOwn(o, k)) return null;
  const v = (o as Record<string, unknown>)[k];
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;
};

export function keptSeat(code: string): KeptSeat | null {
  const o = get(`seat.${code}`);
  const url = textField(o, 'url'), token = textField(o, 'token', 128), name = textField(o, 'name', 100);
  return url && token && name ? { url, token, name } : null;
}
export const keepSeat = (code: string, seat: KeptSeat | null): void => put(`seat.${code}`, seat);

export function keptAdmin(code: string): KeptAdmin | null {
  const o = get(`admin.${code}`);
  const url = textField(o, 'url'), token = textField(o, 'token', 128);
  return url && token ? { url, token } : null;
}
export const keepAdmin = (code: string, admin: KeptAdmin | null): void => put(`admin.${code}`, admin);

/** The room the teacher's dashboard reopens after a reload. */
export const keptTeacherRoom = (): string | null => {
  const v = get('teaching');
  return typeof v === 'string' && /^[A-Z]{6}$/.test(v) ? v : null;
};
export const keepTeacherRoom = (code: string | null): void => put('teaching', code);

/**
 * The relay's socket address: the one the person typed, else this page's own
 * origin (when the relay serves the app, as it does in a classroom, it is
 * the relay). https pages get wss.
 */
export function defaultRelayUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
export function keptRelayUrl(loc: { protocol: string; host: string }): string {
  const v = get('relay');
  return typeof v === 'string' && /^wss?:\/\//.test(v) && v.length <= 300 ? v : defaultRelayUrl(loc);
}
export const keepRelayUrl = (url: string): void => put('relay', url);

/** The join link a teacher shows (the hash route this app opens a room's join form at). */
export function joinLink(loc: { origin: string; pathname: string }, code: string): string {
  return `${loc.origin}${loc.pathname}#/class/${code}`;
}
