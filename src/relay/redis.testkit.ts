/**
 * A throwaway Redis for the tests: Debian's `redis-server` (or `REDIS_SERVER`)
 * on a free loopback port, nothing saved (`--save ''`, no AOF), its files in
 * a temp dir, stopped and removed by `stop()`.
 *
 * Absent locally, the Redis tests are skipped with a message saying so; in CI
 * (`CI` set) an absent server is a failure, so the Redis path always runs
 * there (`npm test` installs it: scripts/ensure-tools.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../testing/freePort';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

const BIN = process.env.REDIS_SERVER ?? 'redis-server';

/** Why the Redis tests are skipped here, or null when they run. */
export function redisMissing(): string | null {
  const probe = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return null;
  const why = `${BIN} was not found (${probe.error?.message ?? `exit ${probe.status}`})`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(`${why}: in CI the Redis tests must run (apt-get install -y redis-server).`);
  }
  return `${why}: the Redis tests are skipped here (apt-get install -y redis-server to run them; CI always does).`;
}

/** Resolves once the server answers PING with PONG; rejects when it exits first or does not within `ms`. */
function whenReady(port: number, proc: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((ok, ko) => {
    let exited = false;
    proc.once('exit', (code) => {
      exited = true;
      ko(new Error(`redis-server exited (${code}) before it was ready`));
    });
    const attempt = (): void => {
      if (exited) return;
      const sock = connect(port, '127.0.0.1');
      let got = '';
      sock.on('connect', () => sock.write('PING\r\n'));
      sock.on('data', (d) => {
        got += String(d);
        if (got.includes('+PONG')) {
          sock.destroy();
          ok();
        }
      });
      sock.on('error', () => {
        sock.destroy();
        if (Date.now() > until) ko(new Error(`redis-server on port ${port} was not ready within ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts a redis-server; a port taken between choosing and binding (another test) is tried again. */
export async function startRedis(): Promise<TestRedis> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'relay-redis-'));
    const proc = spawn(BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { stdio: 'ignore' });
    try {
      await whenReady(port, proc, 10_000);
    } catch (e) {
      last = e;
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      async stop() {
        if (proc.exitCode === null) {
          const exited = new Promise((ok) => proc.once('exit', ok));
          proc.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw last;
}
