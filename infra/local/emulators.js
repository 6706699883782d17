#!/usr/bin/env node
'use strict';
// Starts/stops the local storage emulators (no Docker): the in-memory Cosmos DB stand-in
// (cosmos-server.js, HTTPS) and Azurite's Blob service (HTTP). Used by the local run script
// and by the C# integration-test fixtures.
//
//   node infra/local/emulators.js start  --state-dir DIR [--cosmos-port N] [--blob-port N]
//   node infra/local/emulators.js stop   --state-dir DIR
//   node infra/local/emulators.js status --state-dir DIR
//
// start: ports default to 8081 (Cosmos) and 10000 (Blob); 0 picks a free port. The
//   emulators run detached (they outlive this command), log to DIR/cosmos.log and
//   DIR/azurite.log, keep blob data under DIR/azurite, and are recorded in
//   DIR/emulators.json. Once both answer, that JSON is printed as one stdout line:
//   {"cosmosPort":8081,"blobPort":10000,"cosmosPid":123,"blobPid":124}. Exit 0, or 1
//   with a message on stderr. If DIR's emulators already run and answer, start only
//   prints their JSON (idempotent).
// stop: ends both (SIGTERM, then SIGKILL after 2 s), removes DIR/emulators.json. Idempotent.
// status: prints {"running":true,...} and exits 0 when both answer; {"running":false}
//   and exit 1 otherwise.
// Dependencies come from `npm ci --prefix infra/local`; this script never installs.

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const https = require('node:https');
const { spawn } = require('node:child_process');

const READY_TIMEOUT_MS = 30000;
const STOP_GRACE_MS = 2000;
const LOCK_TIMEOUT_MS = 60000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class UsageError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (!['--state-dir', '--cosmos-port', '--blob-port', '--blob-host'].includes(flag) || value === undefined) {
      throw new UsageError(`unexpected argument: ${flag}`);
    }
    opts[flag.slice(2)] = value;
  }
  if (!opts['state-dir']) throw new UsageError('--state-dir DIR is required');
  const port = (name, def) => {
    if (opts[name] === undefined) return { port: def, explicit: false };
    const n = Number(opts[name]);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be 0-65535`);
    return { port: n, explicit: n !== 0 };
  };
  return {
    command,
    stateDir: path.resolve(opts['state-dir']),
    cosmos: port('cosmos-port', 8081),
    blob: port('blob-port', 10000),
    // Phones upload straight to Blob Storage, so `run.sh --lan` opens Azurite to the network too.
    blobHost: opts['blob-host'] === '0.0.0.0' ? '0.0.0.0' : '127.0.0.1',
  };
}

// ---- processes and ports

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

// Guard against PID reuse after a reboot or a crash: only signal a PID whose command
// line still looks like one of ours (where /proc exists to tell).
function isOurs(pid) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('cosmos-server.js') || cmd.includes('azurite');
  } catch {
    return process.platform !== 'linux' && isAlive(pid);
  }
}

async function kill(pid) {
  if (!pid || !isAlive(pid) || !isOurs(pid)) return;
  // Children are started detached, i.e. as process-group leaders: signal the group.
  const signal = (sig) => {
    try {
      process.kill(process.platform === 'win32' ? pid : -pid, sig);
    } catch {
      try { process.kill(pid, sig); } catch { /* already gone */ }
    }
  };
  signal('SIGTERM');
  // Azurite closes its listener on SIGTERM but keeps the process alive, hence SIGKILL.
  for (let waited = 0; waited < STOP_GRACE_MS && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  for (let waited = 0; waited < STOP_GRACE_MS && isAlive(pid); waited += 100) await sleep(100);
}

const freePort = () => new Promise((resolve, reject) => {
  const srv = net.createServer().once('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

const portIsFree = (port) => new Promise((resolve) => {
  const srv = net.createServer().once('error', () => resolve(false));
  srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
});

// Any HTTP response means the emulator is serving (Azurite answers 4xx to an anonymous
// request; the Cosmos stand-in answers GET / with the account document).
const answers = (port, secure) => new Promise((resolve) => {
  const req = (secure ? https : http).get(
    { host: '127.0.0.1', port, path: '/', timeout: 2000, rejectUnauthorized: false },
    (res) => { res.resume(); resolve(true); },
  );
  req.on('timeout', () => req.destroy());
  req.on('error', () => resolve(false));
});

const bothAnswer = async (s) => (await answers(s.cosmosPort, true)) && (await answers(s.blobPort, false));

// ---- state

const statePath = (dir) => path.join(dir, 'emulators.json');

function readState(dir) {
  try {
    return JSON.parse(fs.readFileSync(statePath(dir), 'utf8'));
  } catch {
    return null;
  }
}

const isRunning = async (s) => !!s && isAlive(s.cosmosPid) && isAlive(s.blobPid) && bothAnswer(s);

// Serialises start/stop on one state dir (parallel test assemblies may share it).
async function withLock(dir, fn) {
  const lock = path.join(dir, '.lock');
  for (const started = Date.now(); ;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try { age = Date.now() - fs.statSync(lock).mtimeMs; } catch { continue; }
      if (age > LOCK_TIMEOUT_MS) fs.rmSync(lock, { recursive: true, force: true }); // stale
      else if (Date.now() - started > LOCK_TIMEOUT_MS) throw new Error(`timed out waiting for ${lock}`);
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ---- commands

function resolveEntryPoints() {
  try {
    const azurite = path.dirname(require.resolve('azurite/package.json', { paths: [__dirname] }));
    require.resolve('@vercel/cosmosdb-server', { paths: [__dirname] });
    const { bin } = JSON.parse(fs.readFileSync(path.join(azurite, 'package.json'), 'utf8'));
    return { cosmos: path.join(__dirname, 'cosmos-server.js'), blob: path.join(azurite, bin['azurite-blob']) };
  } catch {
    throw new Error('emulator packages are not installed: run `npm ci --prefix infra/local` from the repository root');
  }
}

function launch(script, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [script, ...args], {
    cwd: path.dirname(logFile), detached: true, stdio: ['ignore', out, out], windowsHide: true,
  });
  fs.closeSync(out);
  child.unref();
  return child;
}

const logTail = (file) => {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
};

async function start(opts) {
  const entry = resolveEntryPoints();
  const { stateDir } = opts;
  const existing = readState(stateDir);
  if (await isRunning(existing)) {
    for (const [name, want, have] of [['cosmos', opts.cosmos, existing.cosmosPort], ['blob', opts.blob, existing.blobPort]]) {
      if (want.explicit && want.port !== have) {
        throw new Error(`emulators for ${stateDir} already run with --${name}-port ${have}; stop them first`);
      }
    }
    return existing;
  }
  // Leftovers from a crash or a half-finished start: clear them before starting afresh.
  await kill(existing && existing.cosmosPid);
  await kill(existing && existing.blobPid);
  fs.rmSync(statePath(stateDir), { force: true });

  const ports = {};
  for (const [name, { port }] of [['cosmos', opts.cosmos], ['blob', opts.blob]]) {
    if (port !== 0 && !(await portIsFree(port))) {
      throw new Error(`port ${port} (${name}) is already in use on 127.0.0.1; stop whatever holds it or pass --${name}-port 0`);
    }
    ports[name] = port || (await freePort());
  }

  const cosmosLog = path.join(stateDir, 'cosmos.log');
  const blobLog = path.join(stateDir, 'azurite.log');
  const cosmos = launch(entry.cosmos, ['--port', String(ports.cosmos)], cosmosLog);
  const blob = launch(entry.blob, [
    '--blobHost', opts.blobHost, '--blobPort', String(ports.blob),
    '--skipApiVersionCheck', '--loose', '--location', path.join(stateDir, 'azurite'), '--silent',
  ], blobLog);
  const state = { cosmosPort: ports.cosmos, blobPort: ports.blob, cosmosPid: cosmos.pid, blobPid: blob.pid };
  fs.writeFileSync(statePath(stateDir), `${JSON.stringify(state)}\n`);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let problem = null;
  while (!problem) {
    if (await bothAnswer(state)) return state;
    if (!isAlive(cosmos.pid)) problem = `the Cosmos emulator exited; ${cosmosLog}:\n${logTail(cosmosLog)}`;
    else if (!isAlive(blob.pid)) problem = `Azurite exited; ${blobLog}:\n${logTail(blobLog)}`;
    else if (Date.now() > deadline) problem = `emulators did not answer within ${READY_TIMEOUT_MS / 1000} s (logs: ${cosmosLog}, ${blobLog})`;
    else await sleep(250);
  }
  await stop(stateDir);
  throw new Error(problem);
}

async function stop(stateDir) {
  const s = readState(stateDir);
  if (s) {
    await Promise.all([kill(s.cosmosPid), kill(s.blobPid)]);
  }
  fs.rmSync(statePath(stateDir), { force: true });
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (!['start', 'stop', 'status'].includes(opts.command)) throw new UsageError(`unknown command: ${opts.command || '(none)'}`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`emulators: ${err.message}\nusage: node infra/local/emulators.js start|stop|status --state-dir DIR [--cosmos-port N] [--blob-port N] [--blob-host 0.0.0.0]`);
    return 2;
  }
  if (opts.command === 'status') {
    const s = readState(opts.stateDir);
    const running = await isRunning(s);
    console.log(JSON.stringify(running ? { running, ...s } : { running }));
    return running ? 0 : 1;
  }
  if (opts.command === 'stop' && !fs.existsSync(opts.stateDir)) return 0;
  fs.mkdirSync(opts.stateDir, { recursive: true });
  return withLock(opts.stateDir, async () => {
    if (opts.command === 'stop') {
      await stop(opts.stateDir);
      return 0;
    }
    console.log(JSON.stringify(await start(opts)));
    return 0;
  });
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => {
    console.error(`emulators: ${err.message}`);
    process.exitCode = 1;
  },
);
