import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { dnsLabel, shortHash } from '../emit/names.js';

/**
 * Where apply keeps its lock files: FLOWCTL_LOCK_DIR, else $XDG_STATE_HOME/flowctl/locks, else
 * ~/.local/state/flowctl/locks. (Not FLOWCTL_STATE_DIR: the local script uses that name for the
 * pipeline's own state directory.)
 */
export function lockDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.FLOWCTL_LOCK_DIR) return env.FLOWCTL_LOCK_DIR;
  const state = env.XDG_STATE_HOME
    ? join(env.XDG_STATE_HOME, 'flowctl')
    : join(env.HOME || homedir(), '.local', 'state', 'flowctl');
  return join(state, 'locks');
}

export interface Lock {
  readonly file: string;
  release(): void;
}

export interface Held {
  readonly file: string;
  /** Who holds it, for the message: `pid 123 on host h since <iso time>`. */
  readonly holder: string;
}

interface Content {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function read(file: string): Content | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Content;
  } catch {
    return undefined;
  }
}

/**
 * Take the lock of one pipeline on one backend target (e.g. a Docker daemon address): a file
 * created with O_EXCL in `dir` (see lockDir). A lock whose holder is a process of this host
 * that no longer runs is taken over. Returns `Held` when another live process holds it. The
 * lock is released by `release()` and, as a last resort, when this process exits.
 */
export function acquireLock(dir: string, scope: string, pipeline: string): Lock | Held {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${dnsLabel(pipeline, 40)}-${shortHash(`${scope}\n${pipeline}`, 12)}.lock`);
  const me: Content = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = read(file);
      if (other && (other.host !== me.host || alive(other.pid)))
        return { file, holder: `pid ${other.pid} on host ${other.host} since ${other.since}` };
      // Unreadable: being written right now (young), or left half-written by a crash (old).
      if (!other && Date.now() - mtime(file) < 5_000) return { file, holder: 'another process' };
      // Stale: its process is gone. Take it over.
      try {
        unlinkSync(file);
      } catch {}
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.removeListener('exit', release);
      const now = read(file);
      if (now?.pid === me.pid && now.host === me.host)
        try {
          unlinkSync(file);
        } catch {}
    };
    process.on('exit', release);
    return { file, release };
  }
  return { file, holder: 'another process (the lock file keeps reappearing)' };
}
