import type Dockerode from 'dockerode';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component } from '../../ir.js';
import { formatDuration } from '../duration.js';

/** Log lines shown for a failed container. */
export const LOG_TAIL_LINES = 20;

/** Why a container is not ready: one line, a diagnostic, and its last log lines when useful. */
export interface NotReady {
  readonly error: string;
  readonly diagnostic: Diagnostic;
  readonly logTail?: readonly string[];
}

export interface WaitOptions {
  readonly component: Component;
  readonly hasHealth: boolean;
  /** Epoch ms after which waiting fails with FC5008. */
  readonly deadline: number;
  readonly timeoutMs: number;
  /** Without a health check: how long the container must stay running (0: running once is enough). */
  readonly settleMs: number;
  readonly progress: (line: string) => void;
  /** Polling interval. */
  readonly pollMs?: number;
}

/**
 * The text of a non-TTY container log: the daemon multiplexes stdout and stderr in frames of an
 * 8-byte header (stream, 0, 0, 0, big-endian length) and a payload. Frames are kept in order.
 */
export function demuxLogs(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && buf[i] <= 2 && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  if (i < buf.length) parts.push(buf.subarray(i));
  return Buffer.concat(parts).toString('utf8');
}

/** The last lines a container wrote (stdout and stderr), or [] when they cannot be read. */
export async function logTail(container: Dockerode.Container, lines = LOG_TAIL_LINES): Promise<string[]> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown;
    const text = Buffer.isBuffer(raw) ? demuxLogs(raw) : String(raw);
    return text
      .split(/\r?\n/)
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .slice(-lines);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Wait until a started container is ready: healthy when it has a health check, else running
 * (for `settleMs` without a restart). Fails fast, with the exit code and log tail, when it
 * exits or restarts; with the last check output when Docker marks it unhealthy; with FC5008 at
 * the deadline. Errors of the connection propagate to the caller.
 */
export async function waitReady(
  container: Dockerode.Container,
  o: WaitOptions,
): Promise<NotReady | undefined> {
  const id = o.component.id;
  const loc = o.component.loc;
  let runningSince: number | undefined;
  let nextNote = Date.now() + 5_000;
  const start = Date.now();
  for (;;) {
    const info = await container.inspect();
    const s = info.State;
    const restarts = info.RestartCount ?? 0;
    if ((s.Status === 'exited' || s.Status === 'dead') && restarts === 0) {
      const tail = await logTail(container);
      const d = diag('FC5007', { id, exitCode: s.ExitCode }, loc);
      return { error: `exited with code ${s.ExitCode}`, diagnostic: d, logTail: tail };
    }
    if (restarts > 0 || s.Restarting) {
      const tail = await logTail(container);
      const d = diag('FC5010', { id, exitCode: s.ExitCode, restarts }, loc);
      return {
        error: `restarting (exited with code ${s.ExitCode}, ${restarts} restarts)`,
        diagnostic: d,
        logTail: tail,
      };
    }
    const health = (s as { Health?: { Status?: string; Log?: { Output?: string }[] } }).Health;
    if (o.hasHealth && health?.Status === 'healthy') return undefined;
    if (o.hasHealth && health?.Status === 'unhealthy') {
      const output =
        (health.Log?.at(-1)?.Output ?? '').trim().split('\n').slice(-3).join(' / ') || 'no output';
      return { error: `unhealthy: ${output}`, diagnostic: diag('FC5009', { id, output }, loc) };
    }
    if (!o.hasHealth && s.Running) {
      runningSince ??= Date.now();
      if (Date.now() - runningSince >= o.settleMs) return undefined;
    }
    const state = o.hasHealth ? `health: ${health?.Status ?? 'starting'}` : s.Status;
    if (Date.now() >= o.deadline) {
      const timeout = formatDuration(o.timeoutMs);
      const tail = await logTail(container);
      return {
        error: `not ready within ${timeout} (${state})`,
        diagnostic: diag('FC5008', { id, timeout, state }, loc),
        logTail: tail,
      };
    }
    if (Date.now() >= nextNote) {
      o.progress(`waiting for '${id}' (${state}, ${Math.round((Date.now() - start) / 1000)}s)`);
      nextNote = Date.now() + 5_000;
    }
    await sleep(o.pollMs ?? 100);
  }
}
