/**
 * `npm run -s replay -- FILE.jsonl` (or `-` for standard input): prints the
 * events of a journal as JSON Lines, per JOURNAL.md. `--snapshot SNAP.json`
 * starts from a snapshot (written by `--write-snapshot OUT.json`) and replays
 * FILE as the journal's tail.
 * Exit 0 when the file could be read, whatever it held; 2 when it could not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Exchange } from '../core/exchange/exchange';
import { replayText } from '../core/exchange/journal';
import { restore, snapshot, type ExchangeSnapshot } from '../core/exchange/snapshot';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run -s replay -- FILE.jsonl|- [--snapshot SNAP.json] [--write-snapshot OUT.json]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let from: string | undefined;
let to: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--snapshot') from = args[++i];
  else if (a === '--write-snapshot') to = args[++i];
  else if (file === undefined) file = a;
  else usage(`unexpected argument ${a}`);
}
if (file === undefined) usage('no journal file given');

let text: string;
try {
  text = readFileSync(file === '-' ? 0 : file, 'utf8');
} catch (e) {
  process.stderr.write(`replay: cannot read ${file}: ${(e as Error).message}\n`);
  process.exit(2);
}

let ex = new Exchange();
if (from !== undefined) {
  try {
    ex = restore(JSON.parse(readFileSync(from, 'utf8')) as ExchangeSnapshot);
  } catch (e) {
    process.stderr.write(`replay: cannot restore ${from}: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

const chunks: string[] = [];
const flushAt = 4096;
replayText(text, (e) => {
  chunks.push(JSON.stringify(e));
  if (chunks.length >= flushAt) {
    process.stdout.write(chunks.join('\n') + '\n');
    chunks.length = 0;
  }
}, ex);
if (chunks.length) process.stdout.write(chunks.join('\n') + '\n');
if (to !== undefined) writeFileSync(to, JSON.stringify(snapshot(ex)));
