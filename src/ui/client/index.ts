/** The UI's engine client: a factory, its stores, and the context that hands it to components. */
export { connectEngine, type EngineLink, type EngineRemote } from './engine';
export { createEngineClient, type EngineClient } from './engineClient';
export { nextPaint } from './frameBatch';
export { ClientProvider, useClient } from './context';
export { saveWhenHidden } from './page';
export { shownPrice, type TickerRow } from './tickers';
export type { MarketStore } from './market';
export type { OrdersStore } from './orders';
export type { NoticesStore } from './notices';
export type { StrategiesStore } from './strategies';
