import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  clone,
  type Conflict,
  equal,
  type Json,
  type JsonObject,
  type Manager,
  recordUpdate,
  renderManagedFields,
  serverSideApply,
} from './k8s-fake-ssa.js';

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

interface Resource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const RESOURCES: readonly Resource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
  },
  { group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
];

const gv = (r: Resource) => (r.group ? `${r.group}/${r.version}` : r.version);
const TIME = '2026-01-01T00:00:00Z';

/** How Deployments roll out: at once, one step per GET, or never (optionally past the deadline). */
export type Rollout = 'instant' | 'progress' | 'stuck' | 'deadline';

interface Stored {
  obj: JsonObject;
  managers: Map<string, Manager>;
}

interface Injected {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: JsonObject;
  readonly when?: (query: Readonly<Record<string, string>>) => boolean;
}

export function statusBody(code: number, reason: string, message: string, details?: JsonObject): JsonObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: JsonObject,
  ) {
    super(String(body.message));
  }
}

function conflictError(conflicts: readonly Conflict[]): HttpError {
  const n = conflicts.length;
  const first = conflicts[0];
  const message =
    n === 1
      ? `Apply failed with 1 conflict: conflict with "${first.manager}" using ${first.apiVersion}: ${first.field}`
      : `Apply failed with ${n} conflicts: ${conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`).join('\n')}`;
  return new HttpError(
    409,
    statusBody(409, 'Conflict', message, {
      causes: conflicts.map((c) => ({
        type: 'FieldManagerConflict',
        message: `conflict with "${c.manager}" using ${c.apiVersion}`,
        field: c.field,
      })),
    }),
  );
}

/** `k=v,k!=v,k,!k` label selectors. */
export function matchesSelector(
  labels: Readonly<Record<string, Json>>,
  selector: string | undefined,
): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const t = term.trim();
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return labels[ne[1]] !== ne[2];
    const eq = /^([^!=]+)==?(.*)$/.exec(t);
    if (eq) return labels[eq[1]] === eq[2];
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}

function sameManagers(a: Map<string, Manager>, b: Map<string, Manager>): boolean {
  const flat = (m: Map<string, Manager>) =>
    JSON.stringify(
      [...m].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, v.operation, [...v.leaves].sort()]),
    );
  return flat(a) === flat(b);
}

interface Target {
  readonly resource: Resource;
  readonly namespace?: string;
  readonly name?: string;
}

export class FakeApiServer {
  readonly requests: Recorded[] = [];
  rollout: Rollout = 'instant';
  private readonly store = new Map<string, Stored>();
  private readonly injected: Injected[] = [];
  private server!: Server;
  private counter = 0;
  url = '';

  private constructor(readonly token: string) {}

  /** Start on 127.0.0.1 with a random port; namespaces `default` and `kube-system` exist. */
  static async start(token = 'fake-token'): Promise<FakeApiServer> {
    const fake = new FakeApiServer(token);
    for (const ns of ['default', 'kube-system'])
      fake.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Write a kubeconfig for this server (plain http needs insecure-skip-tls-verify) and return its path. */
  kubeconfig(dir: string, o: { namespace?: string; file?: string } = {}): string {
    const path = join(dir, o.file ?? 'kubeconfig');
    const ctx = { cluster: 'fake', user: 'tester', ...(o.namespace ? { namespace: o.namespace } : {}) };
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: this.url, 'insecure-skip-tls-verify': true } }],
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

  /** The stored object, as GET would return it, or undefined. */
  get(kind: string, namespace: string | undefined, name: string): JsonObject | undefined {
    const r = RESOURCES.find((x) => x.kind === kind);
    if (!r) throw new Error(`fake: unknown kind ${kind}`);
    const s = this.store.get(this.key(r, namespace, name));
    return s ? this.render(s) : undefined;
  }

  /** Every stored object as `Kind namespace/name` (cluster-scoped: `Kind name`), sorted. */
  inventory(): string[] {
    return [...this.store.values()]
      .map((s) => {
        const m = s.obj.metadata as JsonObject;
        return `${s.obj.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`;
      })
      .sort();
  }

  /** Store an object directly, owned by `manager` (as if it had applied or updated it). */
  seed(
    obj: JsonObject,
    manager = 'kubectl-client-side-apply',
    operation: 'Apply' | 'Update' = 'Update',
  ): void {
    const r = this.resourceOf(obj);
    const meta = obj.metadata as JsonObject;
    const made = serverSideApply(undefined, obj, manager, String(obj.apiVersion), false);
    if ('conflicts' in made) throw new Error('fake: conflict on seed');
    const m = made.managers.get(manager);
    if (m) made.managers.set(manager, { ...m, operation });
    this.store.set(this.key(r, meta.namespace as string | undefined, String(meta.name)), {
      obj: this.created(r, made.obj, meta.namespace as string | undefined),
      managers: made.managers,
    });
  }

  /** A non-apply write by another client (kubectl edit, scale): changed fields move to `manager`. */
  update(
    kind: string,
    namespace: string | undefined,
    name: string,
    mutate: (o: JsonObject) => void,
    manager: string,
  ): void {
    const r = RESOURCES.find((x) => x.kind === kind) as Resource;
    const s = this.store.get(this.key(r, namespace, name));
    if (!s) throw new Error(`fake: no ${kind} ${name}`);
    const after = clone(s.obj);
    mutate(after);
    s.managers = recordUpdate(s.obj, after, s.managers, manager, gv(r));
    this.bump(r, s, after);
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

  private key(r: Resource, namespace: string | undefined, name: string): string {
    return `${r.group}|${r.plural}|${r.namespaced ? (namespace ?? '') : ''}|${name}`;
  }

  private resourceOf(obj: JsonObject): Resource {
    const r = RESOURCES.find((x) => x.kind === obj.kind && gv(x) === obj.apiVersion);
    if (!r) throw new Error(`fake: unknown ${String(obj.apiVersion)} ${String(obj.kind)}`);
    return r;
  }

  private render(s: Stored): JsonObject {
    const out = clone(s.obj);
    (out.metadata as JsonObject).managedFields = renderManagedFields(s.managers, TIME);
    return out;
  }

  /** Server-populated fields of a new object, and the defaults a real server would add. */
  private created(r: Resource, obj: JsonObject, namespace: string | undefined, dry = false): JsonObject {
    const out = clone(obj);
    const meta = out.metadata as JsonObject;
    if (r.namespaced && namespace !== undefined) meta.namespace = namespace;
    else delete meta.namespace;
    const n = this.version(dry);
    meta.uid = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
    meta.creationTimestamp = TIME;
    meta.resourceVersion = String(n);
    if (r.kind === 'Deployment') {
      out.spec ??= {};
      const spec = out.spec as JsonObject;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      meta.generation = 1;
      out.status = this.rollout === 'instant' ? this.rolledOut(out) : { replicas: 0 };
    }
    if (r.kind === 'Service') (out.spec as JsonObject).clusterIP ??= `10.96.0.${n % 250}`;
    if (r.kind === 'Secret') out.type ??= 'Opaque';
    if (r.kind === 'Namespace') out.status = { phase: 'Active' };
    return out;
  }

  private rolledOut(o: JsonObject): JsonObject {
    const n = ((o.spec as JsonObject).replicas as number | undefined) ?? 1;
    const g = (o.metadata as JsonObject).generation as number;
    return { observedGeneration: g, replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n };
  }

  /** Store a changed object: new resourceVersion; a new generation (and rollout) when spec changed. */
  private bump(r: Resource, s: Stored, after: JsonObject, dry = false): void {
    const meta = after.metadata as JsonObject;
    const specChanged = !equal(s.obj.spec, after.spec);
    meta.resourceVersion = String(this.version(dry));
    if (r.kind === 'Deployment' && specChanged) {
      meta.generation = ((meta.generation as number) ?? 0) + 1;
      if (this.rollout === 'instant') after.status = this.rolledOut(after);
    }
    s.obj = after;
  }

  /** The next resourceVersion; a dry run sees it without taking it. */
  private version(dry: boolean): number {
    return dry ? this.counter + 1 : ++this.counter;
  }

  /** One step of a rollout in `progress` mode, taken each time the Deployment is read. */
  private step(s: Stored): void {
    if (s.obj.kind !== 'Deployment' || this.rollout === 'instant') return;
    const gen = (s.obj.metadata as JsonObject).generation as number;
    const want = ((s.obj.spec as JsonObject).replicas as number | undefined) ?? 1;
    const st = (s.obj.status ?? {}) as JsonObject;
    if (st.observedGeneration !== gen) {
      s.obj.status = {
        observedGeneration: gen,
        replicas: want,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
      };
      if (this.rollout === 'deadline')
        (s.obj.status as JsonObject).conditions = [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${String((s.obj.metadata as JsonObject).name)}-5d4f8b" has timed out progressing.`,
          },
        ];
      return;
    }
    if (this.rollout !== 'progress') return;
    if ((st.updatedReplicas as number) < want) st.updatedReplicas = (st.updatedReplicas as number) + 1;
    else if ((st.availableReplicas as number) < want) {
      st.availableReplicas = (st.availableReplicas as number) + 1;
      st.readyReplicas = st.availableReplicas;
    }
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
      const d = this.discovery(p);
      if (d) return { code: 200, body: d };
    }
    const t = this.target(p);
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
      return { code: 200, body: this.list(t, q.get('labelSelector') ?? undefined) };
    if (method === 'GET') return { code: 200, body: this.read(t, true) };
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
      return this.apply(t, body, q);
    }
    if (method === 'POST' && t.name === undefined && body) return this.create(t, body, q);
    if (method === 'DELETE' && t.name !== undefined) return this.remove(t, q);
    throw new HttpError(405, statusBody(405, 'MethodNotAllowed', `${method} is not supported on ${p}`));
  }

  private discovery(p: string): Json | undefined {
    if (p === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    if (p === '/version') return { major: '1', minor: '31', gitVersion: 'v1.31.0-fake' };
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
    if (p === '/apis')
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((g) => {
          const r = RESOURCES.find((x) => x.group === g) as Resource;
          const v = { groupVersion: gv(r), version: r.version };
          return { name: g, versions: [v], preferredVersion: v };
        }),
      };
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (!m) return undefined;
    const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
    const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
    if (rs.length === 0) return undefined;
    const resources = rs.flatMap((r) => [
      {
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      },
      {
        name: `${r.plural}/status`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'patch', 'update'],
      },
    ]);
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(rs[0]), resources };
  }

  /** `/api/v1[/namespaces/NS]/PLURAL[/NAME]` and `/apis/G/V[/namespaces/NS]/PLURAL[/NAME]`. */
  private target(p: string): Target | undefined {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(p);
    if (!m) return undefined;
    const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
    let segs = m[4].split('/').map(decodeURIComponent);
    let namespace: string | undefined;
    if (segs[0] === 'namespaces' && segs.length >= 3) {
      namespace = segs[1];
      segs = segs.slice(2);
    }
    const resource = RESOURCES.find(
      (r) => r.group === group && r.version === version && r.plural === segs[0],
    );
    if (!resource || segs.length > 2) return undefined;
    if (!resource.namespaced && namespace !== undefined) return undefined;
    if (resource.namespaced && namespace === undefined && segs.length === 2) return undefined;
    return {
      resource,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(segs[1] ? { name: segs[1] } : {}),
    };
  }

  private notFound(t: Target): HttpError {
    const r = t.resource;
    const what = r.group ? `${r.plural}.${r.group}` : r.plural;
    return new HttpError(
      404,
      statusBody(404, 'NotFound', `${what} "${t.name}" not found`, {
        name: t.name ?? '',
        ...(r.group ? { group: r.group } : {}),
        kind: r.plural,
      }),
    );
  }

  private requireNamespace(t: Target): void {
    if (!t.resource.namespaced) return;
    if (!this.store.has(this.key(RESOURCES[0], undefined, t.namespace ?? '')))
      throw new HttpError(
        404,
        statusBody(404, 'NotFound', `namespaces "${t.namespace}" not found`, {
          name: t.namespace ?? '',
          kind: 'namespaces',
        }),
      );
  }

  private read(t: Target, step: boolean): JsonObject {
    const s = this.store.get(this.key(t.resource, t.namespace, t.name ?? ''));
    if (!s) throw this.notFound(t);
    // The rollout moves on after each read, so every state is seen once.
    const out = this.render(s);
    if (step) this.step(s);
    return out;
  }

  private list(t: Target, selector: string | undefined): JsonObject {
    const items = [...this.store.entries()]
      .filter(([k]) =>
        k.startsWith(
          `${t.resource.group}|${t.resource.plural}|${t.resource.namespaced && t.namespace !== undefined ? `${t.namespace}|` : ''}`,
        ),
      )
      .map(([, s]) => s)
      .filter((s) => matchesSelector(((s.obj.metadata as JsonObject).labels ?? {}) as JsonObject, selector))
      .map((s) => {
        const { apiVersion: _a, kind: _k, ...rest } = this.render(s);
        return rest;
      });
    return {
      kind: `${t.resource.kind}List`,
      apiVersion: gv(t.resource),
      metadata: { resourceVersion: String(this.counter) },
      items,
    };
  }

  private checkIdentity(t: Target, body: JsonObject): void {
    const meta = (body.metadata ?? {}) as JsonObject;
    const bad = (m: string) => new HttpError(400, statusBody(400, 'BadRequest', m));
    if (body.kind !== t.resource.kind || body.apiVersion !== gv(t.resource))
      throw bad(
        `the body of the request (${String(body.apiVersion)} ${String(body.kind)}) does not match the URL (${gv(t.resource)} ${t.resource.kind})`,
      );
    if (t.name !== undefined && meta.name !== t.name)
      throw bad(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${t.name})`,
      );
    if (t.resource.namespaced && meta.namespace !== undefined && meta.namespace !== t.namespace)
      throw bad(`the namespace of the provided object does not match the namespace sent on the request`);
  }

  private apply(t: Target, body: JsonObject, q: URLSearchParams): { code: number; body: Json } {
    const manager = q.get('fieldManager');
    if (!manager)
      throw new HttpError(
        422,
        statusBody(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        ),
      );
    this.checkIdentity(t, body);
    this.requireNamespace(t);
    const key = this.key(t.resource, t.namespace, t.name ?? '');
    const live = this.store.get(key);
    const dry = q.get('dryRun') === 'All';
    const made = serverSideApply(live, body, manager, gv(t.resource), q.get('force') === 'true');
    if ('conflicts' in made) throw conflictError(made.conflicts);
    if (!live) {
      const s = { obj: this.created(t.resource, made.obj, t.namespace, dry), managers: made.managers };
      if (!dry) this.store.set(key, s);
      return { code: 201, body: this.render(s) };
    }
    if (equal(live.obj, made.obj) && sameManagers(live.managers, made.managers))
      return { code: 200, body: this.render(live) };
    const s = { obj: clone(live.obj), managers: made.managers };
    this.bump(t.resource, s, made.obj, dry);
    if (!dry) this.store.set(key, s);
    return { code: 200, body: this.render(s) };
  }

  private create(t: Target, body: JsonObject, q: URLSearchParams): { code: number; body: Json } {
    const name = String((body.metadata as JsonObject | undefined)?.name ?? '');
    const named = { ...t, name };
    this.checkIdentity(named, body);
    this.requireNamespace(named);
    const key = this.key(t.resource, t.namespace, name);
    if (this.store.has(key))
      throw new HttpError(
        409,
        statusBody(409, 'AlreadyExists', `${t.resource.plural} "${name}" already exists`),
      );
    if (q.get('dryRun') === 'All') return { code: 201, body: body };
    this.seed(
      {
        ...body,
        metadata: { ...(body.metadata as JsonObject), ...(t.namespace ? { namespace: t.namespace } : {}) },
      },
      q.get('fieldManager') ?? 'unknown',
    );
    return { code: 201, body: this.read(named, false) };
  }

  private remove(t: Target, q: URLSearchParams): { code: number; body: Json } {
    const key = this.key(t.resource, t.namespace, t.name ?? '');
    if (!this.store.has(key)) throw this.notFound(t);
    if (q.get('dryRun') !== 'All') this.store.delete(key);
    return {
      code: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: t.name ?? '', kind: t.resource.plural },
      },
    };
  }
}
