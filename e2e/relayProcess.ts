import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm run relay`'s entry as one process in its own group (no npx/tsx wrapper
 * that would outlive a kill, and the group is ended whole), with `args`;
 * resolves once `origin` answers.
 */
export async function spawnRelay(args: string[], origin: string): Promise<ChildProcess> {
  const relay = spawn(process.execPath, ['--import', 'tsx', 'src/relay/main.ts', ...args], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(origin)).ok) return relay;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error('the relay did not start');
}
