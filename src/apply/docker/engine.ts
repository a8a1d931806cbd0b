import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DaemonAddress } from './connect.js';

/** An error answer of the Engine API, shaped like dockerode's (statusCode, json.message). */
export class EngineError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: { message?: string } | undefined,
  ) {
    super(`(HTTP code ${statusCode}) ${json?.message ?? ''}`.trim());
  }
}

/**
 * A read-only Docker Engine API client: GET requests that answer JSON, over the same address
 * dockerode would use (unix socket, tcp, tcp with TLS), with one kept-alive connection pool.
 * Planning only reads, and importing dockerode costs more than a whole unchanged re-apply
 * (its transport pulls in ssh2 and gRPC), so `plan` and `diff` use this and dockerode is
 * imported only when something has to change. Connection errors are the socket's own
 * (ECONNREFUSED, ENOENT, ...); a status >= 400 rejects with EngineError.
 */
export class EngineReader {
  private readonly agent: HttpAgent;
  private readonly base: RequestOptions;
  private readonly request: typeof httpRequest;

  constructor(address: DaemonAddress) {
    const o = address.options as {
      socketPath?: string;
      host?: string;
      port?: number;
      protocol?: string;
      ca?: Buffer;
      cert?: Buffer;
      key?: Buffer;
    };
    const tls = o.protocol === 'https';
    this.request = tls ? httpsRequest : httpRequest;
    this.agent = tls
      ? new HttpsAgent({ keepAlive: true, ...(o.ca ? { ca: o.ca, cert: o.cert, key: o.key } : {}) })
      : new HttpAgent({ keepAlive: true });
    this.base = o.socketPath ? { socketPath: o.socketPath } : { host: o.host, port: o.port };
  }

  /** GET `path` (with query), parsed as JSON; undefined for a 404 when `missingOk`. */
  get<T>(path: string, missingOk = false): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const req = this.request({ ...this.base, agent: this.agent, method: 'GET', path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = text;
          }
          const status = res.statusCode ?? 0;
          if (status === 404 && missingOk) resolve(undefined);
          else if (status >= 400) reject(new EngineError(status, json as { message?: string }));
          else resolve(json as T);
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Close idle connections so the process can exit. */
  close(): void {
    this.agent.destroy();
  }
}

/** A query string with a `filters` JSON parameter, as the Engine API expects. */
export function withFilters(path: string, filters: Record<string, string[]>, extra = ''): string {
  return `${path}?${extra}${extra ? '&' : ''}filters=${encodeURIComponent(JSON.stringify(filters))}`;
}
