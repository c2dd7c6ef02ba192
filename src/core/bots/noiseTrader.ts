import { restoreRng, type Rng } from '../market/prng';
import { BUY, SELL, type Instrument } from '../exchange/order';
import type { Account } from '../exchange/ledger';
import type { Agent, StepContext } from '../sim/agent';
import { available, lotsFor, topUp, type Desk } from './desk';

/** The noise trader's kind in the agent registry (sim/agentKinds.ts). */
export const NOISE_KIND = 'noise';

export interface NoiseParams {
  /** Orders per second, on average (Poisson arrivals). */
  rate: number;
  /** Share of market orders; the rest are limits near the reference. */
  marketShare: number;
  /** Limit prices land within this many basis points of the reference. */
  rangeBps: number;
  /** Order size, in quote currency (decimal), on average. */
  notional: number;
  /** Open limits older than this (seconds) are cancelled: noise never piles up. */
  maxAge: number;
}

export const DEFAULT_NOISE: NoiseParams = { rate: 0.25, marketShare: 0.35, rangeBps: 25, notional: 2_000, maxAge: 120 };

export interface NoiseState {
  next: number;
  open: [id: string, account: string, at: number][];
  /** The generator's state (prng.ts), so a restored trader draws the same numbers. */
  rng: number[];
  /** Set only once a learner changed them (settings.ts): a state without it keeps the config's, and its v1 bytes. */
  params?: NoiseParams;
}

/**
 * Random orders on one instrument from a pool of accounts: market orders that
 * take the makers' quotes (so the price trades) and limit orders around the
 * reference (so the book has texture). Limits expire after maxAge seconds.
 */
export class NoiseTrader implements Agent {
  readonly kind = NOISE_KIND;
  private next = 0;
  /** Open limit orders, oldest first, from index `head` on (expired ones are passed over, not spliced out each step). */
  private open: [string, string, number][] = [];
  private head = 0;
  private readonly handles: (Account | undefined)[] = [];
  /** When the oldest open limit was placed (Infinity: none): checked every step without touching the list. */
  private oldest = Infinity;
  /** The mean order size in minor units of quote, for the quote's scale `sizeDec` (a pow per order showed in profiles). */
  private sizeMinor = 0;
  private sizeDec = -1;
  /** Whether the parameters were changed from the config's (then they are saved with the state). */
  private custom = false;

  constructor(
    readonly inst: Instrument,
    readonly accounts: readonly string[],
    private p: NoiseParams,
    private readonly desk: Desk,
    private rng: Rng,
  ) {}

  /** Its parameters as they are now: the config's, or a learner's change (setParams). */
  get params(): NoiseParams {
    return this.p;
  }

  /** New parameters (a learner's `botParams` command), from the next step on. */
  setParams(p: NoiseParams): void {
    this.p = p;
    this.custom = true;
    this.sizeDec = -1;
  }

  /** No onEvent: its accounts are shared by the noise traders of every market, and none of them reads events. */
  onStep(ctx: StepContext): void {
    this.act(ctx.now, ctx.dt, ctx.ref);
  }

  onClose(): void {
    this.withdraw();
  }

  state(): NoiseState {
    return this.getState();
  }

  fund(refTicks: number): void {
    const inst = this.inst;
    const cash = this.params.notional * 50 * 10 ** inst.quote.dec;
    for (const a of this.accounts) {
      topUp(this.desk, a, inst.quote.index, cash, cash);
      topUp(this.desk, a, inst.base.index, lotsFor(inst, cash, refTicks) * inst.lotUnit, 0);
    }
  }

  /** Acts for `dt` seconds ending at `now` (ms). */
  act(now: number, dt: number, ref: number): void {
    this.expire(now);
    let n = poisson(this.rng, this.params.rate * dt);
    while (n-- > 0) this.one(now, ref);
  }

  private one(now: number, ref: number): void {
    const rng = this.rng;
    const inst = this.inst;
    const k = rng.nextInt(this.accounts.length);
    const account = this.accounts[k];
    const buy = rng.next() < 0.5;
    if (this.sizeDec !== inst.quote.dec) {
      this.sizeDec = inst.quote.dec;
      this.sizeMinor = this.params.notional * 10 ** inst.quote.dec;
    }
    const size = this.sizeMinor * (0.2 + 1.6 * rng.next());
    const lots = lotsFor(inst, size, ref);
    const id = `${this.accounts[0]}.${inst.symbol}.${++this.next}`;
    if (buy) {
      topUp(this.desk, account, inst.quote.index, lots * ref * inst.notionalUnit * 3, lots * ref * inst.notionalUnit * 100);
    } else if (available(this.desk.ex, account, inst.base.index) < lots * inst.lotUnit) {
      topUp(this.desk, account, inst.base.index, lots * inst.lotUnit, lots * inst.lotUnit * 50);
    }
    if (rng.next() < this.params.marketShare) {
      // A refused bot order changes nothing; the next step trades again. Bots' results are not a person's to read.
      void this.desk.place(this.handle(k), id, inst, buy ? BUY : SELL, 'market', 0, lots);
      return;
    }
    // Mostly passive, sometimes a little aggressive: offset in [-range/4, +range] away from the touch.
    const offset = Math.round(((rng.next() * 1.25 - 0.25) * ref * this.params.rangeBps) / 1e4);
    const price = Math.max(1, buy ? ref - offset : ref + offset);
    void this.desk.place(this.handle(k), id, inst, buy ? BUY : SELL, 'limit', price, lots); // kept only if it rests: checked below
    if (this.desk.ex.order(id) !== undefined) {
      if (this.open.length === this.head) this.oldest = now;
      this.open.push([id, account, now]);
    }
  }

  /** Account k's ledger entry, looked up once (the ledger keeps one object per account for good). */
  private handle(k: number): Account {
    return (this.handles[k] ??= this.desk.ex.ledger.account(this.accounts[k]));
  }

  private expire(now: number): void {
    const cutoff = now - this.params.maxAge * 1000;
    if (this.oldest > cutoff) return;
    const open = this.open;
    let i = this.head;
    while (i < open.length && open[i][2] <= cutoff) {
      const [id, account] = open[i++];
      if (this.desk.ex.order(id) !== undefined) void this.desk.ex.cancel({ id, account }); // its own live order: cannot be refused
    }
    // The list is cut only when its expired front outweighs the rest: a splice every step showed in profiles (it moves
    // every younger entry), and this keeps the cost of each entry's removal constant.
    if (i === open.length) {
      open.length = 0;
      i = 0;
    } else if (i >= 64 && i * 2 >= open.length) {
      open.splice(0, i);
      i = 0;
    }
    this.head = i;
    this.oldest = i < open.length ? open[i][2] : Infinity;
  }

  /** Cancels every open limit (a market closing). */
  withdraw(): void {
    for (let i = this.head; i < this.open.length; i++) {
      const [id, account] = this.open[i];
      if (this.desk.ex.order(id) !== undefined) void this.desk.ex.cancel({ id, account }); // its own live order: cannot be refused
    }
    this.open = [];
    this.head = 0;
    this.oldest = Infinity;
  }

  get openOrders(): number {
    return this.open.length - this.head;
  }

  getState(): NoiseState {
    const s: NoiseState = { next: this.next, open: this.open.slice(this.head).map((o) => [...o] as [string, string, number]), rng: this.rng.getState() };
    if (this.custom) s.params = { ...this.p };
    return s;
  }

  setState(s: NoiseState): void {
    if (s.params !== undefined) this.setParams({ ...s.params });
    this.rng = restoreRng(s.rng);
    this.next = s.next;
    this.open = s.open.map((o) => [...o] as [string, string, number]);
    this.head = 0;
    this.oldest = this.open.length > 0 ? this.open[0][2] : Infinity;
  }
}

/** Poisson draw by inversion; fine for the small means bots use per step. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.gaussian()));
  const l = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}
