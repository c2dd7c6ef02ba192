/**
 * The messages between the UI, the worker and (later) the relay: what is
 * shown (views.ts), what is asked (commands.ts), what is answered
 * (results.ts), and the parse functions for untrusted input (parse.ts).
 * Depends on src/core only.
 */
export * from './views';
export * from './commands';
export * from './results';
export * from './parse';
export * from './backtest';
export * from './series';
export * from './liveDiff';
export * from './backtestStudy';
export * from './learn';
export * from './classroom';
