/**
 * Hands the app's engine client to every component (solid-realworld's
 * provider-with-stores shape): `main.tsx` provides it, components call
 * `useClient()`. A subtree could be given another client (a backtest) the same way.
 */
import { createContext, useContext, type JSX } from 'solid-js';
import type { EngineClient } from './engineClient';

const ClientContext = createContext<EngineClient>();

export function ClientProvider(props: { client: EngineClient; children: JSX.Element }) {
  // eslint-disable-next-line solid/reactivity -- one client for the app's life: the context is given it once
  return <ClientContext.Provider value={props.client}>{props.children}</ClientContext.Provider>;
}

/** The nearest provided client; call it in a component's body (not in a callback or an effect). */
export function useClient(): EngineClient {
  const c = useContext(ClientContext);
  if (c === undefined) throw new Error('useClient() outside <ClientProvider>: main.tsx provides the engine client.');
  return c;
}
