/**
 * `npm run relay:load -- [--students N] [--seconds S] [--speed X] [--instances K [--redis URL]] [--cpu-prof-dir DIR]`:
 * a bounded load test on loopback. It starts a relay in its own process (so its CPU and
 * memory are its own; K relays on one Redis with `--instances`, a throwaway
 * redis-server unless `--redis` names one, the students spread over them and
 * the teacher on the first), creates a room, seats N simulated students (each a
 * `SimStudent`: its own sim, as the app runs) who take every tick, trade now
 * and then and stream their journals once a second, runs the round for S
 * seconds and prints one JSON line:
 *
 *   clients, updates/s (entry batches the relay verified and acked), push
 *   latency p50/p99 (a price tick's arrival at a student against when the
 *   relay's clock made it due), verification lag p50/p99 (a batch sent to its
 *   ack: replayed, stored, answered), relay CPU (% of one core) and RSS (MB)
 *   (with K > 1: summed, and `instances` with each one's).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { JournalEntry, PriceTick, ServerMessage } from '../protocol/relay';
import type { Scenario } from '../protocol/relayScenario';
import { startRedis, type TestRedis } from './redis.testkit';
import { DEFAULT_RELAY_OPTIONS } from './relay';
import { SimStudent } from './student';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const STUDENTS = opt('students', 30);
const SECONDS = Math.min(opt('seconds', 20), 600);
/** Students per room: the relay's own cap; the load is spread over as many rooms as it needs (one address may create ROOMS_PER_IP). */
const ROOM_SEATS = DEFAULT_RELAY_OPTIONS.maxPlayers;
if (Math.ceil(STUDENTS / ROOM_SEATS) > DEFAULT_RELAY_OPTIONS.roomsPerIp) {
  throw new Error(`--students at most ${ROOM_SEATS * DEFAULT_RELAY_OPTIONS.roomsPerIp}: ${DEFAULT_RELAY_OPTIONS.roomsPerIp} rooms of ${ROOM_SEATS}, as many as one address may create`);
}
const SPEED = opt('speed', 1) as Scenario['speed'];
const INSTANCES = Math.min(opt('instances', 1), 8);
const redisAt = args.indexOf('--redis');
const REDIS_URL = redisAt >= 0 ? args[redisAt + 1] : null;
if (!Number.isInteger(INSTANCES)) throw new Error('--instances must be a whole number');
const profAt = args.indexOf('--cpu-prof-dir');
/** Where each relay writes a V8 CPU profile when it exits (`node --cpu-prof`; open it in Chrome's DevTools), or null. */
const PROF_DIR = profAt >= 0 ? args[profAt + 1] : null;

const scenario: Scenario = {
  title: 'Load', instruments: ['FUN', 'MEME', 'YOLO'], startingCash: 10_000, roundMinutes: 60, speed: SPEED,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};

/** /proc figures of a process: CPU seconds so far and resident memory (Linux; null elsewhere). */
function procStats(pid: number): { cpu: number; rssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100 a second on Linux)
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu: ticks / 100, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
  } catch {
    return null;
  }
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round1 = (x: number) => Math.round(x * 10) / 10;

function open(port: number): Promise<WebSocket> {
  return new Promise((ok, ko) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    ws.once('open', () => ok(ws));
    ws.once('error', ko);
  });
}

function ask(ws: WebSocket, msg: object, type: ServerMessage['type']): Promise<ServerMessage> {
  return new Promise((ok) => {
    const on = (d: unknown) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type !== type && m.type !== 'error') return;
      ws.off('message', on);
      ok(m);
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ v: 1, ...msg }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'relay-load-'));
// Several instances share one Redis: a throwaway one unless --redis names one (a prefix of its own either way).
const ownRedis: TestRedis | null = INSTANCES > 1 && REDIS_URL === null ? await startRedis() : null;
const redisUrl = ownRedis?.url ?? REDIS_URL;
const redisEnv = INSTANCES > 1 || REDIS_URL !== null ? { REDIS_URL: redisUrl!, REDIS_PREFIX: `load-${process.pid}-${Date.now()}:` } : {};
/**
 * The relay's own Node flags, as `npm run relay` starts it (package.json): a young generation of 32 MB
 * (V8's default is 16), so that the garbage of a thousand seats' replays is swept less often. Measured at
 * 1,000 students: push p99 34–39 ms with it, 41–76 ms without.
 */
const RELAY_NODE_FLAGS = ['--max-semi-space-size=32'];
const children = Array.from({ length: INSTANCES }, () => spawn(process.execPath, [...RELAY_NODE_FLAGS, ...(PROF_DIR === null ? [] : ['--cpu-prof', '--cpu-prof-dir', PROF_DIR]), '--import', 'tsx', 'src/relay/main.ts', '--port', '0', '--host', '127.0.0.1', '--dist', join(dir, 'none'), '--data', join(dir, 'log.jsonl'),
  // Every simulated student is on 127.0.0.1: the per-address limits are lifted, the per-socket ones stay.
  '--sockets-per-ip', String(STUDENTS + 10), '--ip-rate', String(20 * (STUDENTS + 10))], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...redisEnv } }));
const ports = await Promise.all(children.map((child) => new Promise<number>((ok, ko) => {
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
    const m = /on port (\d+)/.exec(out);
    if (m) ok(Number(m[1]));
  });
  child.once('exit', () => ko(new Error('the relay exited')));
})));
const port = ports[0];

try {
  // A room holds ROOM_SEATS students (the relay's maxPlayers): a bigger load is several classes, a teacher each.
  const rooms = Math.ceil(STUDENTS / ROOM_SEATS);
  const teachers: WebSocket[] = [];
  const codes: string[] = [];
  for (let r = 0; r < rooms; r++) {
    const teacher = await open(port);
    const created = await ask(teacher, { type: 'create', scenario }, 'created');
    if (created.type !== 'created') throw new Error(JSON.stringify(created));
    teachers.push(teacher);
    codes.push(created.code);
  }
  const pushLatency: number[] = [];
  /**
   * The students' sims' work, done once the sockets' arrivals at hand are timed (a macrotask after them), in
   * slices of 1 ms: a tick of another room that arrives meanwhile is read (and timed) between two slices, not
   * after a thousand sims have stepped, since each phone steps its own sim on its own CPU.
   */
  let work: (() => void)[] = [];
  let next = 0;
  const drain = () => {
    const end = performance.now() + 1;
    while (next < work.length && performance.now() < end) work[next++]();
    if (next < work.length) setImmediate(drain);
    else {
      work = [];
      next = 0;
    }
  };
  const later = (f: () => void) => {
    if (work.push(f) - next === 1) setImmediate(drain);
  };
  const verifyLag: number[] = [];
  let updates = 0;
  let refused = 0;
  const refusedWhy = new Map<string, number>();
  /**
   * Each room's start on this process's clock: when its teacher sent `start` (the relay starts the clock a
   * moment later, so a latency is never under-counted). Per room, since the rooms start one after another.
   */
  const startWall: number[] = codes.map(() => 0);
  const students = [];
  for (let i = 0; i < STUDENTS; i++) {
    const ws = await open(ports[i % ports.length]);
    const room = Math.floor(i / ROOM_SEATS);
    const joined = await ask(ws, { type: 'join', code: codes[room], name: `Student ${i + 1}` }, 'joined');
    if (joined.type !== 'joined') throw new Error(JSON.stringify(joined));
    const sim = new SimStudent(joined.scenario, joined.sim);
    const s = { ws, sim, pending: [] as JournalEntry[], sentAt: new Map<number, number>(), n: i };
    ws.on('message', (d) => {
      const now = performance.now();
      const text = String(d);
      // Boards and rosters are a real phone's to read, on its own CPU; here N phones share one process, and parsing
      // every 30 KB board would make this process, not the relay, the latency measured.
      if (/^\{"v":1,"type":"(board|roster)"/.test(text)) return;
      const m = JSON.parse(text) as ServerMessage;
      if (m.type === 'prices') {
        const started = startWall[room];
        for (const t of m.ticks as PriceTick[]) if (started > 0) pushLatency.push(now - (started + (t.t - joined.sim.start) / SPEED));
        // The student's own sim takes the ticks after every socket's arrival is timed: a phone steps its own sim, in
        // parallel with the others, so one student's stepping must not count in the next one's latency.
        later(() => {
          for (const t of m.ticks as PriceTick[]) {
            s.pending.push(...sim.take(t));
            // Now and then a small market order, alternating sides: a student who trades.
            if (t.tick % 7 === s.n % 7 && t.tick > 0) s.pending.push(sim.command({ op: 'place', symbol: 'FUN', side: t.tick % 2 ? 'buy' : 'sell', type: 'market', qty: 1 }));
          }
        });
      } else if (m.type === 'ack' || m.type === 'refused') {
        // An ack covers every batch up to its seq: each one's lag ends here.
        if (m.type === 'refused') {
          refused++;
          // Why, by the message's first words: a flagged student is a load test gone wrong (or a relay that refuses the honest).
          const why = `${m.code}: ${m.message.split(' ').slice(0, 6).join(' ')}`;
          refusedWhy.set(why, (refusedWhy.get(why) ?? 0) + 1);
        }
        for (const [seq, at] of s.sentAt) {
          if (seq > m.seq) continue;
          verifyLag.push(now - at);
          s.sentAt.delete(seq);
          updates++;
        }
      }
    });
    students.push(s);
  }
  const before = children.map((c) => procStats(c.pid!));
  const ownBefore = process.cpuUsage();
  for (const [r, teacher] of teachers.entries()) {
    startWall[r] = performance.now();
    await ask(teacher, { type: 'round', action: 'start' }, 'round');
  }
  // Every student streams once a second, spread over the second.
  const intervals: ReturnType<typeof setInterval>[] = [];
  const starts = students.map((s, i) => setTimeout(() => {
    const flush = () => {
      const entries = s.pending.splice(0, 200);
      if (entries.length === 0) return;
      s.sentAt.set(entries[entries.length - 1].seq, performance.now());
      s.ws.send(JSON.stringify({ v: 1, type: 'entries', entries }));
    };
    flush();
    intervals.push(setInterval(flush, 1000));
  }, (i * 1000) / STUDENTS));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const after = children.map((c) => procStats(c.pid!));
  const own = process.cpuUsage(ownBefore);
  for (const t of starts) clearTimeout(t);
  for (const t of intervals) clearInterval(t);
  for (const s of students) s.ws.close();
  for (const teacher of teachers) teacher.close();
  const each = children.map((_, i) => {
    const b = before[i];
    const a = after[i];
    return { cpuPct: b && a ? round1(((a.cpu - b.cpu) / SECONDS) * 100) : null, rssMb: a ? round1(a.rssMb) : null };
  });
  const sum = (xs: (number | null)[]) => (xs.every((x) => x !== null) ? round1((xs as number[]).reduce((t, x) => t + x, 0)) : null);
  process.stdout.write(JSON.stringify({
    clients: STUDENTS, rooms, seconds: SECONDS, speed: SPEED,
    updatesPerSec: round1(updates / SECONDS), refused, ...(refused > 0 ? { refusedWhy: Object.fromEntries(refusedWhy) } : {}),
    pushLatencyMs: { p50: round1(pct(pushLatency, 50)), p99: round1(pct(pushLatency, 99)) },
    verificationLagMs: { p50: round1(pct(verifyLag, 50)), p99: round1(pct(verifyLag, 99)) },
    relayCpuPct: sum(each.map((e) => e.cpuPct)),
    relayRssMb: sum(each.map((e) => e.rssMb)),
    // This process: the N students' sims and sockets. Near 100 %, the figures above are the load generator's, not the relay's.
    loadGenCpuPct: round1(((own.user + own.system) / 1e6 / SECONDS) * 100),
    ...(INSTANCES > 1 ? { instances: each } : {}),
  }) + '\n');
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((ok) => child.once('exit', ok)) : Promise.resolve())));
  await ownRedis?.stop();
  rmSync(dir, { recursive: true, force: true });
}
