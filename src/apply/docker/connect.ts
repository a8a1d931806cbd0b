import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';

/** Where the daemon is, as given (for messages and lock keys) and as dockerode options. */
export interface DaemonAddress {
  readonly host: string;
  readonly options: Dockerode.DockerOptions;
  /** Whether the daemon runs on this machine (a unix socket), so host ports can be probed here. */
  readonly local: boolean;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * The daemon address from DOCKER_HOST (unix:// or tcp://, with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH for TLS), else the default socket. Reads the given env, never process.env.
 */
export function daemonAddress(env: Readonly<Record<string, string | undefined>>): DaemonAddress | string {
  const raw = env.DOCKER_HOST?.trim() || `unix://${DEFAULT_SOCKET}`;
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    return { host: raw, options: { socketPath }, local: true };
  }
  if (raw.startsWith('/')) return { host: `unix://${raw}`, options: { socketPath: raw }, local: true };
  const m = /^(tcp|http|https):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(raw);
  if (!m) return `DOCKER_HOST '${raw}' is not a unix:// or tcp:// address`;
  const tls = (env.DOCKER_TLS_VERIFY ?? '') !== '' || m[1] === 'https';
  const port = Number(m[3] ?? (tls ? 2376 : 2375));
  const options: Dockerode.DockerOptions = { host: m[2], port, protocol: tls ? 'https' : 'http' };
  if (tls) {
    const dir = env.DOCKER_CERT_PATH || join(env.HOME ?? '', '.docker');
    try {
      Object.assign(options, {
        ca: readFileSync(join(dir, 'ca.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
        key: readFileSync(join(dir, 'key.pem')),
      });
    } catch (e) {
      return `cannot read the TLS certificates in '${dir}' for DOCKER_HOST '${raw}': ${(e as Error).message}`;
    }
  }
  return { host: raw, options, local: m[2] === '127.0.0.1' || m[2] === 'localhost' || m[2] === '::1' };
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** Whether an error means the daemon cannot be reached (or was lost mid-request). */
export function isUnreachable(e: unknown): boolean {
  const err = e as { code?: string; errno?: string; message?: string } | undefined;
  if (!err) return false;
  if (UNREACHABLE.has(err.code ?? '') || UNREACHABLE.has(err.errno ?? '')) return true;
  return /socket hang up|ECONNREFUSED|ECONNRESET|EPIPE|connect ENOENT/.test(err.message ?? '');
}

/** A short cause for an unreachable daemon: the system error code, else the message. */
export function unreachableCause(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err.code && UNREACHABLE.has(err.code)) return err.code;
  const m = /ECONNREFUSED|ECONNRESET|EPIPE|ENOENT/.exec(err.message ?? '');
  return m ? m[0] : (err.message ?? String(e)).split('\n')[0];
}

/** HTTP status of a dockerode error (404, 409, 500, ...), if it has one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** The daemon's message from a dockerode error, on one line, without dockerode's prefix. */
export function daemonMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; reason?: string; message?: string };
  const msg = err?.json?.message ?? err?.message ?? String(e);
  return msg
    .replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Thrown inside the docker backend when the daemon goes away; caught at the session boundary. */
export class DaemonLost extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`Docker daemon unreachable: ${reason}`);
    this.reason = reason;
  }
}

/** Rethrow an unreachable-daemon error as DaemonLost; return other errors. */
export function classify(e: unknown): Error {
  if (e instanceof DaemonLost) return e;
  if (isUnreachable(e)) return new DaemonLost(unreachableCause(e));
  return e instanceof Error ? e : new Error(String(e));
}
