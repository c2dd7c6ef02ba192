/**
 * `npm run relay`: the classroom relay on this machine, reachable on the
 * room's network. Options (flags win over the environment):
 *
 *   --port N      (PORT)          default 8787
 *   --host H      (HOST)          default 0.0.0.0 (every interface: the room's network)
 *   --dist DIR    (RELAY_DIST)    the built app to serve, default ./dist
 *   --data FILE   (RELAY_DATA)    the embedded store's log, default ./.relay/relay.jsonl
 *   --redis URL   (REDIS_URL)     keep rooms in Redis instead (redis://host:port[/db]): several
 *                                 relays on one Redis, behind one address, share rooms and boards
 *   --redis-prefix P (REDIS_PREFIX) put before every key and channel, default `bourse:`
 *   --origin URL  (RELAY_ORIGINS, comma-separated)  another origin allowed to connect; repeatable
 *   --sockets-per-ip N  (RELAY_SOCKETS_PER_IP)  default 8; raise it when a class shares one address (a NAT, the load test)
 *   --ip-rate N         (RELAY_IP_RATE)         messages a second per address, default 100
 *   --heartbeat-ms N    (RELAY_HEARTBEAT_MS)    ping every socket this often, default 15000; one that did not
 *                                               answer the last ping is dropped (a phone off the network)
 */
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_LIMITS } from './limits';
import { LogStore } from './logStore';
import { RedisStore } from './redisStore';
import { startRelay } from './server';
import type { RelayStore } from './store';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run relay -- [--port N] [--host H] [--dist DIR] [--data FILE | --redis URL [--redis-prefix P]] [--origin URL]... [--sockets-per-ip N] [--ip-rate N] [--heartbeat-ms N]\n`);
  process.exit(2);
}

const env = process.env;
let port = env.PORT !== undefined ? Number(env.PORT) : 8787;
let host = env.HOST ?? '0.0.0.0';
let dist = env.RELAY_DIST ?? 'dist';
let data = env.RELAY_DATA ?? '.relay/relay.jsonl';
let redisUrl = env.REDIS_URL !== undefined && env.REDIS_URL !== '' ? env.REDIS_URL : null;
let redisPrefix = env.REDIS_PREFIX ?? 'bourse:';
const origins = (env.RELAY_ORIGINS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
let socketsPerIp = env.RELAY_SOCKETS_PER_IP !== undefined ? Number(env.RELAY_SOCKETS_PER_IP) : DEFAULT_LIMITS.socketsPerIp;
let ipRate = env.RELAY_IP_RATE !== undefined ? Number(env.RELAY_IP_RATE) : DEFAULT_LIMITS.perIp.perSecond;
let heartbeatMs = env.RELAY_HEARTBEAT_MS !== undefined ? Number(env.RELAY_HEARTBEAT_MS) : 15_000;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = (): string => args[++i] ?? usage(`${a} needs a value`);
  if (a === '--port') port = Number(value());
  else if (a === '--host') host = value();
  else if (a === '--dist') dist = value();
  else if (a === '--data') data = value();
  else if (a === '--redis') redisUrl = value();
  else if (a === '--redis-prefix') redisPrefix = value();
  else if (a === '--origin') origins.push(value());
  else if (a === '--sockets-per-ip') socketsPerIp = Number(value());
  else if (a === '--ip-rate') ipRate = Number(value());
  else if (a === '--heartbeat-ms') heartbeatMs = Number(value());
  else usage(`unknown argument ${a}`);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad port ${port}`);
if (!Number.isInteger(socketsPerIp) || socketsPerIp < 1) usage(`bad --sockets-per-ip ${socketsPerIp}`);
if (!(ipRate > 0)) usage(`bad --ip-rate ${ipRate}`);
if (!Number.isInteger(heartbeatMs) || heartbeatMs < 100) usage(`bad --heartbeat-ms ${heartbeatMs} (at least 100)`);
const limits = { ...DEFAULT_LIMITS, socketsPerIp, perIp: { perSecond: ipRate, burst: 2 * ipRate } };

const distDir = resolve(dist);
if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) usage(`bad Redis URL ${redisUrl} (redis://host:port)`);

/** Where the rooms are kept, for the line the teacher reads: the log file, or Redis without its password. */
let keptIn: string;
let store: RelayStore;
if (redisUrl !== null) {
  const shown = new URL(redisUrl);
  shown.password = '';
  keptIn = `Redis at ${shown.href}`;
  try {
    store = await RedisStore.open({ url: redisUrl, prefix: redisPrefix });
  } catch (e) {
    process.stderr.write(`relay: could not reach ${keptIn}: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  }
} else {
  const log = LogStore.open({ path: resolve(data) });
  if (log.skipped > 0) process.stderr.write(`relay: skipped ${log.skipped} unreadable line(s) of ${data} (a write cut short)\n`);
  keptIn = data;
  store = log;
}
const running = await startRelay({ store, port, host, dist: existsSync(distDir) ? distDir : null, origins, limits, heartbeatMs }).catch((e: unknown) => {
  // The port taken (another relay, another program) or not ours to open: one line saying so, not a stack.
  const code = (e as { code?: string })?.code;
  const why = code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use (another relay?): pass --port N`
    : code === 'EACCES' ? `port ${port} needs privileges to open: pass --port N above 1023`
    : String((e as Error)?.message ?? e);
  process.stderr.write(`relay: cannot listen: ${why}\n`);
  process.exit(1);
});

const addresses = Object.values(networkInterfaces()).flat().filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
process.stdout.write(
  `Bourse relay on port ${running.port} (${running.relay.rooms.size} room(s) restored from ${keptIn}).\n` +
    (existsSync(distDir) ? '' : `No built app in ${distDir}: run \`npm run build\` so students can open it from here.\n`) +
    [host === '0.0.0.0' ? addresses : [host]].flat().map((a) => `  students open http://${a}:${running.port}\n`).join(''),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
