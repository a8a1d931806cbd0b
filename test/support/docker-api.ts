/**
 * Talking to a test daemon: Engine API over its unix socket, the docker CLI with an explicit -H,
 * and the environment for child processes (docker-compose, flowctl). DOCKER_HOST of the
 * environment is never read.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** PATH with the system sbin dirs first (dockerd, docker-proxy, umount, ip). */
export const SBIN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

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

/** True when the daemon answers GET /_ping with OK. */
export async function ping(socketPath: string): Promise<boolean> {
  try {
    const r = await dockerApi(socketPath, 'GET', '/_ping', undefined, 2_000);
    return r.status === 200 && r.body === 'OK';
  } catch {
    return false;
  }
}

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
