/**
 * `npm test` runs this first: finds Chromium and openssl for the e2e tests,
 * installs them where the machine allows it (Debian-like, as root), printing
 * what it does, or stops at once with the one command that fixes it.
 */
import { spawnSync } from 'node:child_process';
import { decide, probeMachine } from './browser';

function main(): number {
  const d = decide(probeMachine());
  if (d.kind === 'ready') return 0;
  if (d.kind === 'stop') {
    console.error(`npm test needs ${d.missing.join(' and ')} for the e2e tests, and cannot install ${d.missing.length > 1 ? 'them' : 'it'} here. Run:\n\n  ${d.fix}\n\nthen npm test again.`);
    return 1;
  }
  console.log(`npm test: installing ${d.packages.join(' and ')} for the e2e tests (apt-get, as root)…`);
  for (const cmd of d.commands) {
    console.log(`  $ ${cmd.join(' ')}`);
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      console.error(`\n${cmd.join(' ')} failed (exit ${r.status ?? r.signal}). Install ${d.packages.join(' and ')} yourself, then npm test again.`);
      return 1;
    }
  }
  const after = decide(probeMachine());
  if (after.kind !== 'ready') {
    console.error(`Still missing after the install: ${after.kind === 'stop' ? after.missing.join(', ') : d.packages.join(', ')}.`);
    return 1;
  }
  console.log(`npm test: using ${after.chromium}`);
  return 0;
}

process.exitCode = main();
