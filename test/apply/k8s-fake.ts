import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Rollout } from './k8s-fake-objects.js';
import { discovery, HttpError, parseTarget, statusBody } from './k8s-fake-protocol.js';
import type { Json, JsonObject } from './k8s-fake-ssa.js';
import { FakeStore } from './k8s-fake-store.js';

export type { Rollout } from './k8s-fake-objects.js';
export { matchesSelector, statusBody } from './k8s-fake-protocol.js';

/**
 * A fake Kubernetes API server for the kubernetes backend's tests. It speaks the real wire
 * protocol for what flowctl uses: discovery (/api, /apis, /api/v1 and the group-version
 * resource lists), GET, list with labelSelector, server-side apply (PATCH with
 * application/apply-patch+yaml, fieldManager, force, dryRun=All) with field ownership and 409
 * conflicts, POST, DELETE, and Status errors. It records every request so tests can assert
 * the exact sequence, and simulates Deployment rollouts for --wait.
 */

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType?: string;
  readonly body?: JsonObject;
  readonly bearer: boolean;
}

interface Injected {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: JsonObject;
  readonly when?: (query: Readonly<Record<string, string>>) => boolean;
}

export class FakeApiServer {
  readonly requests: Recorded[] = [];
  readonly store = new FakeStore();
  private readonly injected: Injected[] = [];
  private server!: Server;
  url = '';

  /** How Deployments roll out from now on. */
  set rollout(r: Rollout) {
    this.store.rollout = r;
  }

  /** The stored object, as GET would return it, or undefined. */
  get(kind: string, namespace: string | undefined, name: string): JsonObject | undefined {
    return this.store.get(kind, namespace, name);
  }

  /** Every stored object as `Kind namespace/name` (cluster-scoped: `Kind name`), sorted. */
  inventory(): string[] {
    return this.store.inventory();
  }

  /** Store an object directly, owned by `manager` (as if it had applied or updated it). */
  seed(obj: JsonObject, manager?: string, operation?: 'Apply' | 'Update'): void {
    this.store.seed(obj, manager, operation);
  }

  /** A non-apply write by another client (kubectl edit, scale): changed fields move to `manager`. */
  update(
    kind: string,
    namespace: string | undefined,
    name: string,
    mutate: (o: JsonObject) => void,
    manager: string,
  ): void {
    this.store.update(kind, namespace, name, mutate, manager);
  }

  private constructor(
    readonly token: string,
    private readonly cert?: string,
  ) {}

  /**
   * Start on 127.0.0.1 with a random port, over plain http, or https with `tls` (a PEM key and
   * certificate); namespaces `default` and `kube-system` exist.
   */
  static async start(token = 'fake-token', tls?: { key: string; cert: string }): Promise<FakeApiServer> {
    const fake = new FakeApiServer(token, tls?.cert);
    for (const ns of ['default', 'kube-system'])
      fake.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const handler = (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res);
    fake.server = tls ? createHttpsServer(tls, handler) : createServer(handler);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Write a kubeconfig for this server and return its path. Over https it trusts `ca` (default:
   * the server's own certificate); plain http needs insecure-skip-tls-verify, which
   * @kubernetes/client-node insists on.
   */
  kubeconfig(dir: string, o: { namespace?: string; file?: string; ca?: string } = {}): string {
    const path = join(dir, o.file ?? 'kubeconfig');
    const ctx = { cluster: 'fake', user: 'tester', ...(o.namespace ? { namespace: o.namespace } : {}) };
    const ca = o.ca ?? this.cert;
    const cluster = ca
      ? { server: this.url, 'certificate-authority-data': Buffer.from(ca).toString('base64') }
      : { server: this.url, 'insecure-skip-tls-verify': true };
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster }],
      users: [{ name: 'tester', user: { token: this.token } }],
      contexts: [{ name: 'fake', context: ctx }],
      'current-context': 'fake',
    };
    writeFileSync(path, JSON.stringify(doc));
    return path;
  }

  /** Requests as `METHOD path?k=v&...` (query keys sorted). */
  lines(from = 0): string[] {
    return this.requests.slice(from).map((r) => {
      const q = Object.keys(r.query)
        .sort()
        .map((k) => `${k}=${r.query[k]}`)
        .join('&');
      return `${r.method} ${r.path}${q ? `?${q}` : ''}`;
    });
  }

  /** Requests that change the store: every non-GET without dryRun. */
  mutating(from = 0): Recorded[] {
    return this.requests.slice(from).filter((r) => r.method !== 'GET' && r.query.dryRun === undefined);
  }

  /** Answer the next request matching method, path (and `when` on its query) with an error Status. */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    body: JsonObject,
    when?: (query: Readonly<Record<string, string>>) => boolean,
  ): void {
    this.injected.push({ method, path, status, body, ...(when ? { when } : {}) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type'];
    let body: JsonObject | undefined;
    try {
      body = text ? (parse(text) as JsonObject) : undefined;
    } catch {
      body = undefined;
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(contentType ? { contentType } : {}),
      ...(body !== undefined ? { body } : {}),
      bearer: req.headers.authorization === `Bearer ${this.token}`,
    });
    const send = (code: number, payload: Json) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    const query = Object.fromEntries(url.searchParams);
    const inj = this.injected.findIndex(
      (i) => i.method === method && i.path.test(url.pathname) && (i.when?.(query) ?? true),
    );
    if (inj >= 0) {
      const [i] = this.injected.splice(inj, 1);
      return send(i.status, i.body);
    }
    try {
      const out = this.route(method, url, text, body, contentType);
      send(out.code, out.body);
    } catch (e) {
      if (e instanceof HttpError) return send(e.code, e.body);
      send(500, statusBody(500, 'InternalError', String(e)));
    }
  }

  private route(
    method: string,
    url: URL,
    text: string,
    body: JsonObject | undefined,
    contentType: string | undefined,
  ): { code: number; body: Json } {
    const p = url.pathname;
    if (method === 'GET') {
      const d = discovery(p);
      if (d) return { code: 200, body: d };
    }
    const t = parseTarget(p);
    if (!t)
      throw new HttpError(
        404,
        statusBody(404, 'NotFound', 'the server could not find the requested resource'),
      );
    const q = url.searchParams;
    if (q.has('dryRun') && q.get('dryRun') !== 'All')
      throw new HttpError(
        400,
        statusBody(400, 'BadRequest', `unsupported dry run value: ${q.get('dryRun')}`),
      );
    if (method === 'GET' && t.name === undefined)
      return { code: 200, body: this.store.list(t, q.get('labelSelector') ?? undefined) };
    if (method === 'GET') return { code: 200, body: this.store.read(t, true) };
    if (method === 'PATCH') {
      if (contentType !== 'application/apply-patch+yaml')
        throw new HttpError(
          415,
          statusBody(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml (got ${contentType})`,
          ),
        );
      if (!body || text.trim() === '')
        throw new HttpError(400, statusBody(400, 'BadRequest', 'empty apply patch'));
      return this.store.apply(t, body, q);
    }
    if (method === 'POST' && t.name === undefined && body) return this.store.create(t, body, q);
    if (method === 'DELETE' && t.name !== undefined) return this.store.remove(t, q);
    throw new HttpError(405, statusBody(405, 'MethodNotAllowed', `${method} is not supported on ${p}`));
  }
}
