import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findInstrument } from '../market/instruments';
import type { SimConfig } from './config';
import { Sim } from './sim';
import { restoreSim, simStateHash } from './snapshot';

/**
 * A snapshot and a journal written by the code before the agents and the one
 * order path (issue 9, commit 4c46aa5). Whatever the sim becomes, what people
 * have stored must restore and replay to the very same state hashes.
 */
const golden = JSON.parse(readFileSync(new URL('./fixtures/golden-v1.json', import.meta.url), 'utf8')) as {
  config: { seed: string; start: number; symbols: string[]; users: string[]; noiseAccounts: number };
  snapshotHash: string;
  finalHash: string;
  snapshot: unknown;
  head: unknown[];
  tail: unknown[];
};

function config(): SimConfig {
  const c = golden.config;
  return { seed: c.seed, start: c.start, instruments: c.symbols.map((s) => findInstrument(s)!), users: c.users, noiseAccounts: c.noiseAccounts };
}

describe('a sim stored before issue 9', () => {
  it('restores from its snapshot with the same state hash, and its journal tail replays to the same final hash', () => {
    const r = restoreSim(config(), golden.snapshot);
    if (!r.ok) throw new Error(r.message);
    expect(simStateHash(r.sim)).toBe(golden.snapshotHash);
    for (const input of golden.tail) r.sim.replay(input);
    expect(simStateHash(r.sim)).toBe(golden.finalHash);
  });

  it('replays its whole journal from the config to the same hashes', () => {
    const sim = new Sim(config());
    for (const input of golden.head) sim.replay(input);
    expect(simStateHash(sim)).toBe(golden.snapshotHash);
    for (const input of golden.tail) sim.replay(input);
    expect(simStateHash(sim)).toBe(golden.finalHash);
  });
});
