/**
 * The teacher's scenario form as plain data: its fields as typed (text), and
 * the one parse that turns them into a scenario, through the relay's own
 * `parseScenario`, so the form refuses exactly what the relay would.
 */
import type { Parsed } from '../../protocol/parse';
import { parseScenario, type RoomOrderType, type Scenario } from '../../protocol/relayScenario';

export interface ScenarioFields {
  title: string;
  instruments: string[];
  startingCash: string;
  roundMinutes: string;
  speed: string;
  makerFeeBps: string;
  takerFeeBps: string;
  orderTypes: RoomOrderType[];
}

export const DEFAULT_FIELDS: ScenarioFields = {
  title: '', instruments: ['FUN', 'MEME'], startingCash: '10000', roundMinutes: '30', speed: '10', makerFeeBps: '0', takerFeeBps: '5',
  orderTypes: ['market', 'limit'],
};

/** A number as typed ("10 000", "10,000.5" in English), or NaN, which the scenario's parser then names. */
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.replace(/[\s,_]/g, '')));

export function scenarioOf(f: ScenarioFields): Parsed<Scenario> {
  return parseScenario({
    title: f.title, instruments: f.instruments, startingCash: num(f.startingCash), roundMinutes: num(f.roundMinutes), speed: num(f.speed),
    makerFeeBps: num(f.makerFeeBps), takerFeeBps: num(f.takerFeeBps), orderTypes: f.orderTypes,
  });
}
