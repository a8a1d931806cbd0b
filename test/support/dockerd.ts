/**
 * A private Docker daemon for tests.
 *
 * Starts Debian's `dockerd` (vfs storage, no iptables, no default bridge) on its own unix socket,
 * data root and exec root under a short temporary directory, and never talks to any other daemon:
 * every call here takes an explicit socket, and DOCKER_HOST of the environment is never read.
 *
 * This module has no vitest import so that vitest's globalSetup (main process) can use it too;
 * the per-file fixture lives in ./docker-fixture.ts. See ./README.md.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Marker file written into every daemon's base directory; used to find stale daemons. */
export const MARKER_FILE = 'flowctl-dockerd.json';
/** Prefix of every daemon's base directory (kept short: unix socket paths are limited to ~107 bytes). */
export const BASE_PREFIX = 'fdk-';
export const DEFAULT_TEST_IMAGE = 'flowctl-test/busybox:1';

const SBIN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface DockerdInfo {
  /** pid of the dockerd process. */
  pid: number;
  /** Base directory holding socket, data root, exec root, log and pid file. */
  baseDir: string;
  socketPath: string;
  /** `unix://<socketPath>`, for `docker -H` or DOCKER_HOST of a child process. */
  dockerHost: string;
  logPath: string;
  /** pid of the process responsible for stopping this daemon (used to sweep stale daemons). */
  ownerPid: number;
}

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

// ---------------------------------------------------------------------------------------------
// Small helpers

function shortTmpDir(): string {
  const t = os.tmpdir();
  // Leave room for "/fdk-XXXXXX/exec/containerd/containerd.sock.ttrpc" within 107 bytes.
  return t.length <= 40 ? t : '/tmp';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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

/** True while `pid` names a live (non-zombie) process. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** Parses a `unix://` docker host (or a bare socket path) into a socket path. */
export function socketPathOf(dockerHost: string): string {
  if (dockerHost.startsWith('unix://')) return dockerHost.slice('unix://'.length);
  if (dockerHost.startsWith('/')) return dockerHost;
  throw new Error(`test docker harness: only unix sockets are supported, got ${JSON.stringify(dockerHost)}`);
}

export interface ApiResponse {
  status: number;
  body: string;
}

/** One HTTP request to the Engine API over a unix socket. */
export function dockerApi(
  socketPath: string,
  method: string,
  urlPath: string,
  body?: Buffer | string | object,
  timeoutMs = 30_000,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    let payload: Buffer | undefined;
    const headers: Record<string, string | number> = {};
    if (Buffer.isBuffer(body)) {
      payload = body;
      headers['content-type'] = 'application/x-tar';
    } else if (typeof body === 'string') {
      payload = Buffer.from(body);
      headers['content-type'] = 'text/plain';
    } else if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
    }
    if (payload) headers['content-length'] = payload.length;
    const req = http.request({ socketPath, method, path: urlPath, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function ping(socketPath: string): Promise<boolean> {
  try {
    const r = await dockerApi(socketPath, 'GET', '/_ping', undefined, 2_000);
    return r.status === 200 && r.body === 'OK';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Mounts

function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/**
 * Guard for everything that unmounts, kills or deletes: only a daemon base dir made by
 * startDockerd() (absolute, normalised, named fdk-XXXXXX, not the filesystem root) is accepted.
 */
export function assertDaemonDir(dir: string): string {
  const base = path.basename(dir);
  if (
    !path.isAbsolute(dir) ||
    path.normalize(dir) !== dir ||
    dir.endsWith('/') ||
    path.dirname(dir) === dir ||
    !base.startsWith(BASE_PREFIX) ||
    base.length <= BASE_PREFIX.length
  ) {
    throw new Error(
      `test dockerd: refusing to operate on ${JSON.stringify(dir)}: not a test daemon directory`,
    );
  }
  return dir;
}

/** Mount points (from /proc/self/mountinfo) at or below `dir` (a daemon base dir). */
export function mountsUnder(dir: string): string[] {
  const root = assertDaemonDir(dir);
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 5) continue;
    const mp = unescapeMountPath(fields[4]);
    if (mp === root || mp.startsWith(root + '/')) out.push(mp);
  }
  return out;
}

/** Lazily unmounts everything at or below `dir`, deepest first. Throws if anything remains. */
export async function unmountUnder(dir: string): Promise<void> {
  assertDaemonDir(dir);
  for (let round = 0; round < 5; round++) {
    const mps = [...new Set(mountsUnder(dir))].sort((a, b) => b.length - a.length);
    if (mps.length === 0) return;
    for (const mp of mps) {
      try {
        await execFileP('umount', ['-l', mp], { env: { PATH: SBIN_PATH } });
      } catch {
        // stacked or already gone: retried in the next round
      }
    }
  }
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`test dockerd: mounts remain under ${dir}: ${left.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Processes

/** pids of processes whose command line mentions `dir` (containerd, shims), except `exceptPid`. */
function processesMentioning(dir: string): number[] {
  assertDaemonDir(dir);
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(dir + '/') || cmd.includes(dir + '\0') || cmd.endsWith(dir)) out.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Start / stop

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

/**
 * Starts a private dockerd. Fails (never skips) with a clear message when it cannot: not root,
 * dockerd missing, or the daemon does not answer in time (the message carries its log tail).
 */
export async function startDockerd(options: StartDockerdOptions = {}): Promise<Dockerd> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `test dockerd: a private Docker daemon needs root (uid is ${process.getuid()}); ` +
        'run the docker tests as root (CI does)',
    );
  }
  findDockerd();
  const baseDir = await mkdtemp(path.join(shortTmpDir(), BASE_PREFIX));
  await chmod(baseDir, 0o700);
  const info: DockerdInfo = {
    pid: 0,
    baseDir,
    socketPath: path.join(baseDir, 'd.sock'),
    dockerHost: `unix://${path.join(baseDir, 'd.sock')}`,
    logPath: path.join(baseDir, 'dockerd.log'),
    ownerPid: options.ownerPid ?? process.pid,
  };
  // Our own daemon.json (so a host /etc/docker/daemon.json is never read) with the trust key kept
  // in our dir (dockerd 20.10 otherwise writes /etc/docker/key.json).
  await writeFile(
    path.join(baseDir, 'daemon.json'),
    JSON.stringify({ 'deprecated-key-path': path.join(baseDir, 'key.json') }),
  );
  const extraArgs = options.extraArgs ?? [];
  const writeMarker = () => writeFile(path.join(baseDir, MARKER_FILE), JSON.stringify(info));

  let child = spawnDockerd(baseDir, extraArgs);
  info.pid = child.pid ?? 0;
  await writeMarker();
  spawnWatchdog(info);
  try {
    await waitReady(child, info, timeoutMs);
  } catch (e) {
    await stopDockerdAt(info).catch(() => {});
    throw e;
  }

  let stopped = false;
  const handle: Dockerd = {
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
      await clearStalePidFiles(baseDir);
      await rm(path.join(baseDir, 'd.sock'), { force: true });
      child = spawnDockerd(baseDir, extraArgs);
      info.pid = child.pid ?? 0;
      await writeMarker();
      spawnWatchdog(info);
      await waitReady(child, info, timeoutMs);
    },
    logTail(lines = 40) {
      return tailOf(info.logPath, lines);
    },
  };
  return handle;
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

/** Reads a daemon's marker file (null when the dir is not a test daemon's). */
export function readMarker(baseDir: string): DockerdInfo | null {
  try {
    const info = JSON.parse(readFileSync(path.join(baseDir, MARKER_FILE), 'utf8')) as DockerdInfo;
    return typeof info.pid === 'number' && info.baseDir === baseDir ? info : null;
  } catch {
    return null;
  }
}

async function removeEverything(socketPath: string): Promise<string[]> {
  const bridges: string[] = [];
  if (!(await ping(socketPath))) return bridges;
  const cs = await dockerApi(socketPath, 'GET', '/containers/json?all=1');
  for (const c of JSON.parse(cs.body) as { Id: string }[]) {
    await dockerApi(socketPath, 'DELETE', `/containers/${c.Id}?force=1&v=1`).catch(() => {});
  }
  const ns = await dockerApi(socketPath, 'GET', '/networks');
  for (const n of JSON.parse(ns.body) as {
    Id: string;
    Name: string;
    Driver: string;
    Options?: Record<string, string>;
  }[]) {
    if (['bridge', 'host', 'none'].includes(n.Name)) continue;
    if (n.Driver === 'bridge') {
      bridges.push(n.Options?.['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`);
    }
    await dockerApi(socketPath, 'DELETE', `/networks/${n.Id}`).catch(() => {});
  }
  return bridges;
}

/**
 * Stops the daemon described by `info` (it need not be our child): removes containers and
 * networks through its API, SIGTERM (SIGKILL after 20 s), kills leftover containerd/shims that
 * mention its dirs, deletes leftover bridge interfaces, unmounts everything under its base dir,
 * then removes the dir. Throws if a mount remains (the dir is then left in place, never deleted
 * through a mount).
 */
export async function stopDockerdAt(
  info: Pick<DockerdInfo, 'pid' | 'baseDir' | 'socketPath'>,
): Promise<void> {
  const baseDir = assertDaemonDir(info.baseDir);
  let bridges: string[] = [];
  if (isAlive(info.pid)) {
    bridges = await removeEverything(info.socketPath).catch(() => []);
    signal(info.pid, 'SIGTERM');
    if (!(await waitExit(info.pid, 20_000))) {
      signal(info.pid, 'SIGKILL');
      await waitExit(info.pid, 5_000);
    }
  }
  // containerd (supervised by dockerd) normally exits with it; shims too once containers are gone.
  let left = processesMentioning(baseDir);
  if (left.length > 0) {
    for (const pid of left) signal(pid, 'SIGTERM');
    await Promise.all(left.map((pid) => waitExit(pid, 3_000)));
    left = processesMentioning(baseDir);
    for (const pid of left) signal(pid, 'SIGKILL');
    await Promise.all(left.map((pid) => waitExit(pid, 3_000)));
  }
  for (const br of bridges) {
    if (existsSync(`/sys/class/net/${br}`)) {
      await execFileP('ip', ['link', 'delete', br], { env: { PATH: SBIN_PATH } }).catch(() => {});
    }
  }
  await unmountUnder(baseDir);
  await rm(baseDir, { recursive: true, force: true, maxRetries: 3 });
}

async function forEachMarker(fn: (info: DockerdInfo) => Promise<void>): Promise<void> {
  for (const dir of new Set([shortTmpDir(), '/tmp'])) {
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(BASE_PREFIX)) continue;
      const info = readMarker(path.join(dir, name));
      if (info) await fn(info);
    }
  }
}

/**
 * Stops test daemons whose owner process is gone (a run killed before its teardown). Only
 * directories named fdk-* holding our marker file are considered; live owners are left alone,
 * so concurrent test runs on one machine do not disturb each other.
 */
export async function sweepStaleDaemons(): Promise<number> {
  let swept = 0;
  await forEachMarker(async (info) => {
    if (isAlive(info.ownerPid)) return;
    await stopDockerdAt(info).catch(() => {});
    swept++;
  });
  return swept;
}

/** Stops every test daemon whose marker names `ownerPid` as its owner (a test run's teardown). */
export async function stopDaemonsOwnedBy(ownerPid: number): Promise<number> {
  let stopped = 0;
  const errors: string[] = [];
  await forEachMarker(async (info) => {
    if (info.ownerPid !== ownerPid) return;
    await stopDockerdAt(info).catch((e: Error) => errors.push(e.message));
    stopped++;
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return stopped;
}

// ---------------------------------------------------------------------------------------------
// Test image from Debian's busybox-static

const BUSYBOX = '/bin/busybox';

/**
 * Builds (or reuses from os.tmpdir()) a tarball of a minimal root filesystem: static busybox with
 * an applet symlink for every command it has (sh, nc, httpd, wget, cat, sleep, ...), /etc/passwd
 * and /etc/group, /tmp. Keyed by the busybox binary's hash. Returns the tarball's path.
 */
export async function busyboxRootfsTar(): Promise<string> {
  let bin: Buffer;
  try {
    bin = await readFile(BUSYBOX);
  } catch {
    throw new Error(
      `test image: ${BUSYBOX} not found; run \`bash scripts/test-setup.sh\` (installs busybox-static)`,
    );
  }
  const key = createHash('sha256').update(bin).digest('hex').slice(0, 16);
  const tarPath = path.join(os.tmpdir(), `flowctl-busybox-rootfs-${key}.tar`);
  if (existsSync(tarPath)) return tarPath;

  const { stdout: ldd } = await execFileP('file', ['-L', BUSYBOX]).catch(() => ({ stdout: '' }));
  if (ldd && !/statically linked|static-pie/.test(ldd)) {
    throw new Error(`test image: ${BUSYBOX} is not statically linked; install Debian's busybox-static`);
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'flowctl-rootfs-'));
  try {
    const root = path.join(work, 'rootfs');
    for (const d of [
      'bin',
      'sbin',
      'usr/bin',
      'usr/sbin',
      'etc',
      'root',
      'tmp',
      'var/tmp',
      'proc',
      'sys',
      'dev',
      'www',
    ]) {
      await mkdir(path.join(root, d), { recursive: true });
    }
    await chmod(path.join(root, 'tmp'), 0o1777);
    await chmod(path.join(root, 'var/tmp'), 0o1777);
    await copyFile(BUSYBOX, path.join(root, 'bin/busybox'));
    await chmod(path.join(root, 'bin/busybox'), 0o755);
    const { stdout } = await execFileP(BUSYBOX, ['--list-full']);
    for (const rel of stdout.split('\n').map((s) => s.trim())) {
      if (!rel || rel === 'bin/busybox' || rel.includes('..')) continue;
      const dest = path.join(root, rel);
      await mkdir(path.dirname(dest), { recursive: true });
      if (!existsSync(dest)) await symlink('/bin/busybox', dest);
    }
    await writeFile(
      path.join(root, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
    );
    await writeFile(path.join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    const tmpTar = `${tarPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await execFileP('tar', [
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '--mtime=@0',
      '--sort=name',
      '-C',
      root,
      '-cf',
      tmpTar,
      '.',
    ]);
    await rename(tmpTar, tarPath);
    return tarPath;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function splitTag(tag: string): { repo: string; tag: string } {
  const slash = tag.lastIndexOf('/');
  const colon = tag.lastIndexOf(':');
  if (colon > slash) return { repo: tag.slice(0, colon), tag: tag.slice(colon + 1) };
  return { repo: tag, tag: 'latest' };
}

/**
 * Imports the busybox root filesystem into the daemon at `dockerHost` as `tag` through the Engine
 * API (POST /images/create?fromSrc=-), applying Dockerfile `changes` (default `CMD ["/bin/sh"]`).
 * Returns the image id.
 */
export async function importBusyboxImage(
  dockerHost: string,
  tag = DEFAULT_TEST_IMAGE,
  changes: string[] = ['CMD ["/bin/sh"]'],
): Promise<string> {
  const socketPath = socketPathOf(dockerHost);
  const tarPath = await busyboxRootfsTar();
  const { repo, tag: t } = splitTag(tag);
  const q = new URLSearchParams({ fromSrc: '-', repo, tag: t });
  for (const c of changes) q.append('changes', c);
  const res = await dockerApi(socketPath, 'POST', `/images/create?${q}`, await readFile(tarPath), 120_000);
  if (res.status !== 200) throw new Error(`test image: import failed (HTTP ${res.status}): ${res.body}`);
  for (const line of res.body.split('\n')) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as { error?: string };
    if (msg.error) throw new Error(`test image: import failed: ${msg.error}`);
  }
  const inspect = await dockerApi(socketPath, 'GET', `/images/${encodeURIComponent(tag)}/json`);
  if (inspect.status !== 200) throw new Error(`test image: ${tag} missing after import: ${inspect.body}`);
  return (JSON.parse(inspect.body) as { Id: string }).Id;
}

// ---------------------------------------------------------------------------------------------
// Child processes talking to the test daemon

/**
 * Environment for a child process (docker CLI, docker-compose, flowctl) that must talk to the
 * test daemon: DOCKER_HOST set to it, other DOCKER_* variables removed, and a private
 * DOCKER_CONFIG so no user credentials or contexts are read.
 */
export function dockerEnv(dockerHost: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base))
    if (!k.startsWith('DOCKER_') && !k.startsWith('COMPOSE_')) env[k] = v;
  env.DOCKER_HOST = dockerHost;
  const sock = socketPathOf(dockerHost);
  env.DOCKER_CONFIG = path.join(path.dirname(sock), 'docker-config');
  return env;
}

/** Path of the docker CLI matching Debian's dockerd (falls back to whatever `docker` is on PATH). */
export function dockerCliPath(): string {
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

/** Runs `docker -H <dockerHost> ...args`; rejects with stderr on a non-zero exit. */
export async function dockerCli(
  dockerHost: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileP(dockerCliPath(), ['-H', dockerHost, ...args], {
      env: dockerEnv(dockerHost),
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as Error & { stderr?: string; code?: number };
    throw new Error(`docker ${args.join(' ')} failed (${err.code}): ${err.stderr?.trim() || err.message}`);
  }
}

/**
 * Splits the multiplexed stream of a container's logs/attach (no TTY): 8-byte frame headers
 * [stream, 0, 0, 0, size(4, big endian)] followed by the payload.
 */
export function demuxDockerStream(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const stream = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const chunk = buf.subarray(i + 8, i + 8 + size);
    (stream === 2 ? err : out).push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
