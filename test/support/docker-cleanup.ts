/**
 * Finding and stopping test daemons: liveness, mounts under a daemon dir, leftover processes,
 * full stop by pid (no ChildProcess handle needed), sweeps of daemons whose owner is gone.
 * Everything that unmounts, kills or deletes first checks assertDaemonDir().
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dockerApi, ping, SBIN_PATH } from './docker-api.js';

const execFileP = promisify(execFile);

/** Marker file written into every daemon's base directory; used to find stale daemons. */
export const MARKER_FILE = 'flowctl-dockerd.json';
/** Prefix of every daemon's base directory (kept short: unix socket paths are limited to ~107 bytes). */
export const BASE_PREFIX = 'fdk-';

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

/** Where daemon dirs go: os.tmpdir() unless too long for a unix socket path. */
export function shortTmpDir(): string {
  const t = os.tmpdir();
  // Leave room for "/fdk-XXXXXX/exec/containerd/containerd.sock.ttrpc" within 107 bytes.
  return t.length <= 40 ? t : '/tmp';
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export async function waitExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

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
