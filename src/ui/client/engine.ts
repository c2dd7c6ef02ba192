/**
 * The engine as the UI holds it: a Comlink proxy of the worker's API. The one
 * place the UI names the worker's API type, so a rename there is one edit here.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from '../../worker/engine.worker';
import type { ApiResult, FillView, Frame, InstrumentInfo, OrderView } from '../../protocol';

/** The whole API, as pages call it (every method returns a Promise). */
export type EngineRemote = Comlink.Remote<EngineApi>;

/**
 * What the client itself needs from an engine: enough to load the lists and
 * receive frames. Tests pass a fake of just this; the app passes the remote
 * (main.tsx's call checks that the remote still fits).
 */
export interface EngineLink {
  instruments(): Promise<InstrumentInfo[]>;
  /** Frames go to `cb` from now on; a Comlink proxy, as a function cannot be cloned to the worker. */
  subscribe(cb: ((f: Frame) => void) & Comlink.ProxyMarked): Promise<void>;
  orders(): Promise<OrderView[]>;
  fills(): Promise<FillView[]>;
  flush(): Promise<ApiResult>;
}

/** Wraps a worker that runs `engine.worker.ts` (the caller creates it, so nothing starts on import). */
export function connectEngine(worker: Worker): EngineRemote {
  return Comlink.wrap<EngineApi>(worker);
}
