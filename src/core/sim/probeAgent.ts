import { BUY, SELL } from '../exchange/order';
import type { Account } from '../exchange/ledger';
import { restoreRng, type Rng } from '../market/prng';
import type { Agent, AgentEnv, AgentKind, SimDesk, StepContext } from './agent';
import type { SimEvent } from './types';
import { arr, nat, obj, rngState, str } from './shape';

/**
 * A small agent kind for the agent seam's tests (agents.contract.test.ts) and
 * as the worked example of "how to add an agent" (README.md): one account per
 * market, a limit order now and then a little off the reference, alternately
 * in engine units (`desk.place`) and in decimals (`desk.submit`, as a
 * strategy would), each cancelled after 30 s; and a count of the
 * events of its account, so the tests can see what reached it.
 */
export const PROBE_KIND = 'probe';

export interface ProbeState {
  next: number;
  /** Events of its account seen, by `ev`, in the order first seen. */
  seen: [ev: string, count: number][];
  /** Its open orders, oldest first: [id, placed at (ms)]. */
  open: [id: string, at: number][];
  rng: number[];
}

export class ProbeAgent implements Agent {
  readonly kind = PROBE_KIND;
  readonly accounts: readonly string[];
  private next = 0;
  private seen = new Map<string, number>();
  private open: [string, number][] = [];
  private acc: Account | undefined;

  constructor(
    readonly env: Pick<AgentEnv, 'inst' | 'spec'>,
    private readonly desk: SimDesk,
    private rng: Rng,
  ) {
    this.accounts = [`bot:probe:${env.spec.symbol}`];
  }

  get account(): string {
    return this.accounts[0];
  }

  fund(refTicks: number): void {
    const inst = this.env.inst;
    const cash = refTicks * inst.notionalUnit * 1_000;
    // The probe is test support: a refused funding shows as its orders refused, which its tests count.
    void this.desk.fund(this.account, inst.quote.name, Number((cash / 10 ** inst.quote.dec).toFixed(inst.quote.dec)));
    void this.desk.fund(this.account, inst.base.name, Number(((100 * inst.lotUnit) / 10 ** inst.base.dec).toFixed(inst.base.dec)));
  }

  onStep(ctx: StepContext): void {
    const ex = this.desk.ex;
    while (this.open.length > 0 && this.open[0][1] <= ctx.now - 30_000) {
      const [id] = this.open.shift()!;
      if (ex.order(id) !== undefined) void ex.cancel({ id, account: this.account }); // its own live order: cannot be refused
    }
    if (this.rng.next() > 0.3) return;
    const buy = this.rng.next() < 0.5;
    const off = 1 + this.rng.nextInt(20);
    const price = buy ? Math.max(1, ctx.ref - off) : ctx.ref + off;
    const id = `${this.account}.${++this.next}`;
    const inst = ctx.inst;
    let ok: boolean;
    if (this.next % 2 === 0) {
      this.acc ??= ex.ledger.account(this.account);
      ok = this.desk.place(this.acc, id, inst, buy ? BUY : SELL, 'limit', price, 1).ok;
    } else {
      const r = this.desk.submit(this.account, {
        op: 'place', id, symbol: inst.symbol, side: buy ? 'buy' : 'sell', type: 'limit', price: price * inst.tick, qty: inst.lot,
      });
      ok = r.ok;
    }
    if (ok && ex.order(id) !== undefined) this.open.push([id, ctx.now]);
  }

  onEvent(e: SimEvent): void {
    this.seen.set(e.ev, (this.seen.get(e.ev) ?? 0) + 1);
  }

  onClose(): void {
    for (const [id] of this.open) if (this.desk.ex.order(id) !== undefined) void this.desk.ex.cancel({ id, account: this.account }); // its own: never refused
    this.open = [];
  }

  state(): ProbeState {
    return { next: this.next, seen: [...this.seen], open: this.open.map(([id, at]) => [id, at]), rng: this.rng.getState() };
  }

  setState(s: ProbeState): void {
    this.next = s.next;
    this.seen = new Map(s.seen);
    this.open = s.open.map(([id, at]) => [id, at]);
    this.rng = restoreRng(s.rng);
  }
}

const probeState = obj({ next: nat, seen: arr((x) => (Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && nat(x[1]) === null ? null : ' should be [event, count]')), open: arr((x) => (Array.isArray(x) && x.length === 2 && str(x[0]) === null && nat(x[1]) === null ? null : ' should be [id, time]')), rng: rngState });

export const probeKind: AgentKind = {
  kind: PROBE_KIND,
  create(env: AgentEnv): Agent {
    const a = new ProbeAgent(env, env.desk, env.rng(PROBE_KIND));
    a.fund(env.refTicks);
    return a;
  },
  check: (state) => probeState(state),
  restore(env: AgentEnv, state: unknown): Agent {
    const a = new ProbeAgent(env, env.desk, env.rng(PROBE_KIND));
    a.setState(state as ProbeState);
    return a;
  },
};
