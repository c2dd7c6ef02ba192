import { MAX_DECIMALS, pow10 } from './decimal';

/**
 * Balances in integer minor units. An asset's scale (decimals) is the finest
 * any instrument or amount has needed so far; when a finer one arrives every
 * balance of that asset is multiplied up, so amounts stay exact.
 */
export class Asset {
  constructor(
    readonly index: number,
    readonly name: string,
    public dec: number,
  ) {}
}

export class Account {
  /** Indexed by asset index; grown on demand. */
  avail: number[] = [];
  resv: number[] = [];
  /** Assets this account has ever held or moved: what `final` lists for it. */
  touched: boolean[] = [];
  /** Its orders live in the exchange now (kept by LiveOrders: a risk check counts them in O(1), not by a scan). */
  liveOrders = 0;
  constructor(
    readonly id: string,
    /** Registered accounts exist once they have had a deposit (JOURNAL.md). */
    public registered: boolean,
  ) {}

  available(asset: Asset): number {
    return this.avail[asset.index] ?? 0;
  }
  reserved(asset: Asset): number {
    return this.resv[asset.index] ?? 0;
  }
}

/** A string hash for the account table (account ids are short). */
function idHash(s: string): number {
  let h = 0x2545f491 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
  return h ^ (h >>> 15);
}

export class Ledger {
  readonly assets: Asset[] = [];
  private readonly byName = new Map<string, Asset>();
  readonly accounts = new Map<string, Account>();
  /** Per asset index: totals that the conservation property checks. */
  deposited: number[] = [];
  withdrawn: number[] = [];
  feesCollected: number[] = [];

  asset(name: string): Asset {
    let a = this.byName.get(name);
    if (!a) {
      a = new Asset(this.assets.length, name, 0);
      this.assets.push(a);
      this.byName.set(name, a);
      this.deposited.push(0);
      this.withdrawn.push(0);
      this.feesCollected.push(0);
      for (const acc of [...this.accounts.values(), ...this.unregistered.values()]) {
        acc.avail[a.index] = 0;
        acc.resv[a.index] = 0;
        acc.touched[a.index] = false;
      }
    }
    return a;
  }

  findAsset(name: string): Asset | undefined {
    return this.byName.get(name);
  }

  /**
   * Accounts that placed orders before their first deposit: they exist for
   * nobody (JOURNAL.md), but an order of theirs may wait (a buy stop), and a
   * later deposit must reach the very account object it holds.
   */
  private readonly unregistered = new Map<string, Account>();

  /**
   * Every account object handed out (registered or not: registering keeps
   * the object), by id, in an open-addressing table probed by a hash of the
   * id: every place looks its account up, and this is about twice as quick
   * as Map.get. Accounts are never dropped, so entries never go stale.
   */
  private ids: (string | null)[] = new Array<string | null>(64).fill(null);
  private objs: (Account | null)[] = new Array<Account | null>(64).fill(null);
  private known = 0;

  /** The account if registered, else the same unregistered one each time. */
  account(id: string): Account {
    const ids = this.ids;
    const mask = ids.length - 1;
    for (let i = idHash(id) & mask; ; i = (i + 1) & mask) {
      const k = ids[i];
      if (k === id) return this.objs[i]!;
      if (k === null) break;
    }
    let acc = this.accounts.get(id);
    if (!acc) {
      acc = this.unregistered.get(id);
      if (!acc) {
        acc = this.emptyAccount(id, false);
        this.unregistered.set(id, acc);
      }
    }
    this.remember(acc);
    return acc;
  }

  private remember(acc: Account): void {
    if (++this.known * 2 > this.ids.length) {
      const ids = this.ids;
      const objs = this.objs;
      this.ids = new Array<string | null>(ids.length * 2).fill(null);
      this.objs = new Array<Account | null>(ids.length * 2).fill(null);
      for (let i = 0; i < ids.length; i++) if (objs[i] !== null) this.put(objs[i]!);
    }
    this.put(acc);
  }

  private put(acc: Account): void {
    const mask = this.ids.length - 1;
    let i = idHash(acc.id) & mask;
    while (this.ids[i] !== null) i = (i + 1) & mask;
    this.ids[i] = acc.id;
    this.objs[i] = acc;
  }

  register(id: string): Account {
    let acc = this.accounts.get(id);
    if (!acc) {
      acc = this.unregistered.get(id) ?? this.emptyAccount(id, true);
      this.unregistered.delete(id);
      acc.registered = true;
      this.accounts.set(id, acc);
    }
    return acc;
  }

  /** Whether an asset (if it exists) could take `dec` decimals without any amount overflowing. */
  canGrow(name: string, dec: number): boolean {
    if (dec > MAX_DECIMALS) return false;
    const asset = this.byName.get(name);
    if (!asset || dec <= asset.dec) return true;
    const f = pow10(dec - asset.dec);
    const i = asset.index;
    for (const acc of this.accounts.values()) {
      if (!Number.isSafeInteger((acc.avail[i] + acc.resv[i]) * f)) return false;
    }
    return Number.isSafeInteger(this.deposited[i] * f);
  }

  private emptyAccount(id: string, registered: boolean): Account {
    const acc = new Account(id, registered);
    for (let i = 0; i < this.assets.length; i++) {
      acc.avail.push(0);
      acc.resv.push(0);
      acc.touched.push(false);
    }
    return acc;
  }

  /**
   * Raises an asset's decimals to at least `dec`, multiplying every stored
   * amount of it. Returns the factor applied (1 when nothing changed) so the
   * caller can rescale what it holds (order escrow, instrument units).
   * Returns 0 if the scale would exceed MAX_DECIMALS or overflow.
   */
  growScale(asset: Asset, dec: number): number {
    if (dec <= asset.dec) return 1;
    if (dec > MAX_DECIMALS) return 0;
    const f = pow10(dec - asset.dec);
    const i = asset.index;
    for (const acc of this.accounts.values()) {
      if (!Number.isSafeInteger((acc.avail[i] + acc.resv[i]) * f)) return 0;
    }
    if (!Number.isSafeInteger(this.deposited[i] * f)) return 0;
    for (const acc of this.accounts.values()) {
      acc.avail[i] *= f;
      acc.resv[i] *= f;
    }
    this.deposited[i] *= f;
    this.withdrawn[i] *= f;
    this.feesCollected[i] *= f;
    asset.dec = dec;
    return f;
  }
}
