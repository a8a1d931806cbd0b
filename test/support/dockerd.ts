/**
 * A private Docker daemon for tests.
 *
 * Starts Debian's `dockerd` (vfs storage, no iptables, no default bridge) on its own unix socket,
 * data root and exec root under a short temporary directory, and never talks to any other daemon:
 * every call here takes an explicit socket, and DOCKER_HOST of the environment is never read.
 *
 * This module (and those it re-exports) has no vitest import, so vitest's globalSetup (main
 * process) can use it too; the per-file fixture lives in ./docker-fixture.ts. See ./README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dockerCliPath, ping, SBIN_PATH } from './docker-api.js';
import {
  BASE_PREFIX,
  type DockerdInfo,
  isAlive,
  MARKER_FILE,
  shortTmpDir,
  signal,
  sleep,
  stopDockerdAt,
  waitExit,
} from './docker-cleanup.js';

export * from './docker-api.js';
export * from './docker-cleanup.js';
export * from './docker-image.js';

export interface Dockerd extends DockerdInfo {
  /** Removes every container and user-defined network, stops the daemon, unmounts and deletes its dirs. */
  stop(): Promise<void>;
  /** SIGKILLs dockerd only (simulates a daemon crash); containerd and containers survive. */
  kill(): Promise<void>;
  /** Starts dockerd again on the same dirs and socket (after kill()); waits until it answers. */
  restart(): Promise<void>;
  /** Last lines of the daemon's log. */
  logTail(lines?: number): string;
}

export interface StartDockerdOptions {
  /** Milliseconds to wait for `/_ping`; default 60 000. */
  timeoutMs?: number;
  /** Recorded as the owner in the marker file; default process.pid. */
  ownerPid?: number;
  /** Extra dockerd arguments. */
  extraArgs?: string[];
}

function tailOf(file: string, lines = 40): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}

function dockerdArgs(baseDir: string): string[] {
  return [
    `--config-file=${baseDir}/daemon.json`,
    '--storage-driver=vfs',
    '--iptables=false',
    '--ip6tables=false',
    '--bridge=none',
    '--shutdown-timeout=2',
    '--log-level=warn',
    `--host=unix://${baseDir}/d.sock`,
    `--data-root=${baseDir}/data`,
    `--exec-root=${baseDir}/exec`,
    `--pidfile=${baseDir}/docker.pid`,
  ];
}

function dockerdEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('DOCKER_') && k !== 'NOTIFY_SOCKET') env[k] = v;
  }
  env.PATH = `${SBIN_PATH}:${process.env.PATH ?? ''}`;
  return env;
}

function findDockerd(): string {
  for (const p of ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd']) {
    if (existsSync(p)) return p;
  }
  throw new Error('test dockerd: `dockerd` not found; run `bash scripts/test-setup.sh` (installs docker.io)');
}

function spawnDockerd(baseDir: string, extraArgs: string[]): ChildProcess {
  const logFd = openSync(path.join(baseDir, 'dockerd.log'), 'a');
  try {
    const child = spawn(findDockerd(), [...dockerdArgs(baseDir), ...extraArgs], {
      cwd: baseDir,
      env: dockerdEnv(),
      stdio: ['ignore', logFd, logFd],
      detached: true, // own process group: a terminal's Ctrl-C reaches vitest, which stops it in order
    });
    child.unref();
    return child;
  } finally {
    closeSync(logFd);
  }
}

/**
 * A detached shell that outlives a killed test run: once the owner process is gone (Ctrl-C, a
 * crashed worker) it does what stop() would: removes the daemon's containers and networks (so no
 * bridge stays in the host network namespace), SIGTERMs dockerd (SIGKILL after 20 s), lazily
 * unmounts what is left under the base dir and, when no mount remains, deletes it. It exits by
 * itself when dockerd exits first (stop(), kill()). sweepStaleDaemons() remains the second line.
 */
const WATCHDOG_SCRIPT = `
owner=$1 dpid=$2 sock=$3 cli=$4 base=$5
# Refuse anything but one of our own dirs: /<tmp>/${BASE_PREFIX}XXXXXX.
case "$base" in /*/${BASE_PREFIX}?*) ;; *) exit 1 ;; esac
case "$base" in */../* | */./* | */) exit 1 ;; esac
alive() { [ -d "/proc/$1" ] && ! grep -qE '^State:[[:space:]]*[ZX]' "/proc/$1/status" 2>/dev/null; }
while alive "$owner" && alive "$dpid"; do sleep 0.5; done
alive "$dpid" || exit 0
ids=$("$cli" -H "unix://$sock" ps -aq 2>/dev/null) || ids=""
[ -z "$ids" ] || "$cli" -H "unix://$sock" rm -f $ids >/dev/null 2>&1
"$cli" -H "unix://$sock" network prune -f >/dev/null 2>&1
kill -TERM "$dpid"
i=0
while alive "$dpid" && [ "$i" -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
if alive "$dpid"; then kill -KILL "$dpid"; sleep 1; fi
[ -r /proc/self/mountinfo ] || exit 1
under_base() { awk -v b="$base/" 'index($5, b) == 1 { print $5 }' /proc/self/mountinfo | sort -r; }
for m in $(under_base); do
  case "$m" in "$base"/?*) umount -l "$m" 2>/dev/null ;; esac
done
[ -r /proc/self/mountinfo ] && [ -z "$(under_base)" ] && rm -rf "$base"
`;

function spawnWatchdog(info: DockerdInfo): void {
  const args = [String(info.ownerPid), String(info.pid), info.socketPath, dockerCliPath(), info.baseDir];
  try {
    const w = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'flowctl-dockerd-watchdog', ...args], {
      stdio: 'ignore',
      detached: true,
      env: { PATH: SBIN_PATH, DOCKER_CONFIG: path.join(info.baseDir, 'docker-config') },
    });
    w.on('error', () => {});
    w.unref();
  } catch {
    // best effort: the next run's sweep still cleans up
  }
}

async function waitReady(child: ChildProcess, info: DockerdInfo, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  const onExit = (code: number | null, sig: NodeJS.Signals | null) => {
    exited = sig ? `signal ${sig}` : `exit code ${code}`;
  };
  child.once('exit', onExit);
  const spawnError = new Promise<Error>((r) => child.once('error', r));
  let err: Error | undefined;
  spawnError.then((e) => {
    err = e;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (err) throw new Error(`test dockerd: could not run dockerd: ${err.message}`);
      if (exited) {
        throw new Error(
          `test dockerd: dockerd exited (${exited}) before answering on ${info.socketPath}.\n` +
            `--- ${info.logPath} (tail) ---\n${tailOf(info.logPath)}`,
        );
      }
      if (await ping(info.socketPath)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `test dockerd: no answer on ${info.socketPath} within ${timeoutMs} ms.\n` +
            `--- ${info.logPath} (tail) ---\n${tailOf(info.logPath)}`,
        );
      }
      await sleep(50);
    }
  } finally {
    child.off('exit', onExit);
  }
}

async function prepareDir(ownerPid: number): Promise<DockerdInfo> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `test dockerd: a private Docker daemon needs root (uid is ${process.getuid()}); ` +
        'run the docker tests as root (CI does)',
    );
  }
  findDockerd();
  const baseDir = await mkdtemp(path.join(shortTmpDir(), BASE_PREFIX));
  await chmod(baseDir, 0o700);
  // Our own daemon.json (so a host /etc/docker/daemon.json is never read) with the trust key kept
  // in our dir (dockerd 20.10 otherwise writes /etc/docker/key.json).
  await writeFile(
    path.join(baseDir, 'daemon.json'),
    JSON.stringify({ 'deprecated-key-path': path.join(baseDir, 'key.json') }),
  );
  const socketPath = path.join(baseDir, 'd.sock');
  return {
    pid: 0,
    baseDir,
    socketPath,
    dockerHost: `unix://${socketPath}`,
    logPath: path.join(baseDir, 'dockerd.log'),
    ownerPid,
  };
}

/** Spawns dockerd (and its watchdog) on the dirs of `info`, records the pid, waits for /_ping. */
async function launch(info: DockerdInfo, extraArgs: string[], timeoutMs: number): Promise<void> {
  const child = spawnDockerd(info.baseDir, extraArgs);
  info.pid = child.pid ?? 0;
  await writeFile(path.join(info.baseDir, MARKER_FILE), JSON.stringify(info));
  spawnWatchdog(info);
  await waitReady(child, info, timeoutMs);
}

/**
 * Starts a private dockerd. Fails (never skips) with a clear message when it cannot: not root,
 * dockerd missing, or the daemon does not answer in time (the message carries its log tail).
 */
export async function startDockerd(options: StartDockerdOptions = {}): Promise<Dockerd> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const extraArgs = options.extraArgs ?? [];
  const info = await prepareDir(options.ownerPid ?? process.pid);
  try {
    await launch(info, extraArgs, timeoutMs);
  } catch (e) {
    await stopDockerdAt(info).catch(() => {});
    throw e;
  }
  let stopped = false;
  return {
    ...info,
    get pid() {
      return info.pid;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopDockerdAt(info);
    },
    async kill() {
      signal(info.pid, 'SIGKILL');
      await waitExit(info.pid, 10_000);
    },
    async restart() {
      if (isAlive(info.pid)) throw new Error('test dockerd: restart() while dockerd is still running');
      await clearStalePidFiles(info.baseDir);
      await rm(info.socketPath, { force: true });
      await launch(info, extraArgs, timeoutMs);
    },
    logTail(lines = 40) {
      return tailOf(info.logPath, lines);
    },
  };
}

/**
 * After a crash, dockerd's and its containerd's pid files may name processes that are dead but not
 * yet reaped (zombies: this machine's init reaps slowly). dockerd takes a zombie for a running
 * process ("pid file found", or a 60 s wait for a dead containerd), so remove such pid files.
 */
async function clearStalePidFiles(baseDir: string): Promise<void> {
  for (const f of ['docker.pid', 'exec/containerd/containerd.pid']) {
    const file = path.join(baseDir, f);
    let pid = 0;
    try {
      pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    } catch {
      continue;
    }
    if (!isAlive(pid)) await rm(file, { force: true });
  }
}
