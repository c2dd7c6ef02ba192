/**
 * A relay client for the tests: a `ws` socket that parses every message from
 * the relay with the app's own parser (so the relay's messages are held to
 * the protocol too) and waits for the next one of a type.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { parseServerMessage, type ServerMessage } from '../protocol/relay';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export class TestClient {
  readonly got: ServerMessage[] = [];
  private waiters: { pred: (m: ServerMessage) => boolean; ok: (m: ServerMessage) => void }[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closedP: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = parseServerMessage(JSON.parse(String(data)));
      if (!parsed.ok) throw new Error(`The relay sent a message the app cannot read: ${parsed.message}: ${String(data).slice(0, 300)}`);
      const m = parsed.value;
      this.got.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.ok(m), false) : true));
    });
    this.closedP = new Promise((ok) => ws.on('close', (code, reason) => ok((this.closed = { code, reason: String(reason) }))));
  }

  static open(port: number, opts: ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, opts);
    const c = new TestClient(ws);
    return new Promise((ok, ko) => {
      ws.once('open', () => ok(c));
      ws.once('error', ko);
    });
  }

  send(x: unknown): void {
    this.ws.send(typeof x === 'string' ? x : JSON.stringify(x));
  }

  /** The next message of `type` that matches. */
  next<T extends ServerMessage['type']>(type: T, pred: (m: Of<T>) => boolean = () => true, ms = 10_000): Promise<Of<T>> {
    return new Promise((ok, ko) => {
      const timer = setTimeout(() => ko(new Error(`no ${type} within ${ms} ms; got ${this.got.map((m) => m.type).join(',')}`)), ms);
      this.waiters.push({
        pred: (m) => m.type === type && pred(m as Of<T>),
        ok: (m) => {
          clearTimeout(timer);
          ok(m as Of<T>);
        },
      });
    });
  }

  /** The newest message of `type` already received that matches, or else the next one. */
  until<T extends ServerMessage['type']>(type: T, pred: (m: Of<T>) => boolean = () => true, ms = 10_000): Promise<Of<T>> {
    for (let i = this.got.length - 1; i >= 0; i--) {
      const m = this.got[i];
      if (m.type === type && pred(m as Of<T>)) return Promise.resolve(m as Of<T>);
    }
    return this.next(type, pred, ms);
  }

  /** Sends a request with a ref and waits for the answer that carries it. */
  ask(x: Record<string, unknown>, ms = 10_000): Promise<ServerMessage> {
    const ref = Math.floor(Math.random() * 1e9);
    const p = new Promise<ServerMessage>((ok, ko) => {
      const timer = setTimeout(() => ko(new Error(`no answer to ${String(x.type)} within ${ms} ms`)), ms);
      this.waiters.push({ pred: (m) => m.ref === ref, ok: (m) => (clearTimeout(timer), ok(m)) });
    });
    this.send({ v: 1, ...x, ref });
    return p;
  }

  whenClosed(): Promise<{ code: number; reason: string }> {
    return this.closedP;
  }

  close(): void {
    this.ws.close();
  }
}
