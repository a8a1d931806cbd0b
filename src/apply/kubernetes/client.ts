import type { ResponseContext } from '@kubernetes/client-node';
import type { ClusterTarget } from './kubeconfig.js';

type K8s = typeof import('@kubernetes/client-node');

/** A Kubernetes object as plain JSON (what the server sends and receives). */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** Identifies one object. */
export interface Ref {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The identity of an object. */
export const refOf = (o: Obj): Ref => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
});

/** The content type of a server-side apply request. */
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The field manager of every flowctl write. */
export const FIELD_MANAGER = 'flowctl';

/** How long one request may take before the server counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** One field another manager owns, from a 409 on server-side apply. */
export interface FieldConflict {
  readonly field: string;
  readonly manager: string;
}

/** The API server answered with an error Status. `message` is the server's, one line. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly conflicts: readonly FieldConflict[],
  ) {
    super(message);
  }
}

/** The API server could not be reached (refused, reset, timed out, TLS or DNS failure). */
export class Unreachable extends Error {}

const NETWORK =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up|certificate|self[- ]signed|TLS|aborted/i;

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string')
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
}

/** The conflicts of a 409 Status: its causes, else the fields named in its message. */
function conflictsOf(status: Record<string, unknown> | undefined): FieldConflict[] {
  const causes = ((status?.details as { causes?: unknown[] } | undefined)?.causes ?? []) as {
    type?: string;
    message?: string;
    field?: string;
  }[];
  const managerOf = (s: string | undefined) =>
    /conflicts? with "([^"]*)"/.exec(s ?? '')?.[1] ?? 'another manager';
  const out = causes
    .filter((c) => c.type === 'FieldManagerConflict' && c.field)
    .map((c) => ({ field: c.field as string, manager: managerOf(c.message) }));
  if (out.length > 0 || typeof status?.message !== 'string') return out;
  const re = /conflicts? with "([^"]*)"[^:]*:\s*((?:\.[^\s]+\s*)+)/g;
  for (const m of status.message.matchAll(re))
    for (const field of m[2].trim().split(/\s+/)) out.push({ field, manager: m[1] });
  return out;
}

/** Map anything the client throws to ApiError, Unreachable, or (a bug) the error itself. */
export function classify(e: unknown): ApiError | Unreachable | Error {
  if (e instanceof ApiError || e instanceof Unreachable) return e;
  const err = e as { code?: unknown; body?: unknown; message?: string; name?: string; type?: string };
  if (typeof err?.code === 'number' && 'body' in (err as object)) {
    const status = parseBody(err.body);
    const message =
      typeof status?.message === 'string' && status.message !== ''
        ? status.message.split('\n').join('; ')
        : `HTTP ${err.code}`;
    const reason = typeof status?.reason === 'string' ? status.reason : '';
    return new ApiError(err.code, reason, message, err.code === 409 ? conflictsOf(status) : []);
  }
  if (err?.name === 'AbortError' || err?.type === 'aborted')
    return new Unreachable(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`);
  const text = `${err?.name ?? ''} ${err?.type ?? ''} ${typeof err?.code === 'string' ? err.code : ''} ${err?.message ?? ''}`;
  if (NETWORK.test(text) || err?.name === 'FetchError' || err?.name === 'AbortError')
    return new Unreachable((err.message ?? String(e)).split('\n')[0]);
  return e instanceof Error ? e : new Error(String(e));
}

/** The requests KubeClient makes, on top of KubernetesObjectApi's URL building, auth and discovery. */
interface RawApi {
  discover(apiVersion: string, kind: string): Promise<{ namespaced: boolean } | undefined>;
  send(
    method: 'GET' | 'PATCH' | 'DELETE',
    spec: ReturnType<typeof specOf>,
    action: 'read' | 'patch' | 'list' | 'delete',
    query: Record<string, string>,
    body?: { contentType: string; data: unknown },
  ): Promise<unknown>;
}

/**
 * KubernetesObjectApi with its typed (de)serialisation replaced by plain JSON. The typed models
 * rename fields that are reserved words (NetworkPolicy `from` is the model's `_from`) and drop
 * the original, so an object sent through `patch()` loses its ingress sources; flowctl sends and
 * reads JSON as the API server speaks it.
 */
function rawApi(k8s: K8s, config: ReturnType<K8s['createConfiguration']>): RawApi {
  class Api extends k8s.KubernetesObjectApi implements RawApi {
    discover(apiVersion: string, kind: string) {
      return this.resource(apiVersion, kind);
    }

    async send(
      method: 'GET' | 'PATCH' | 'DELETE',
      spec: ReturnType<typeof specOf>,
      action: 'read' | 'patch' | 'list' | 'delete',
      query: Record<string, string>,
      body?: { contentType: string; data: unknown },
    ): Promise<unknown> {
      const path = await this.specUriPath(spec, action);
      const ctx = this.configuration.baseServer.makeRequestContext(path, k8s.HttpMethod[method]);
      ctx.setHeaderParam('Accept', 'application/json');
      for (const [k, v] of Object.entries(query)) ctx.setQueryParam(k, v);
      if (body) {
        ctx.setHeaderParam('Content-Type', body.contentType);
        ctx.setBody(JSON.stringify(body.data));
      }
      return this.requestPromise(ctx);
    }

    protected override async processResponse<T>(response: ResponseContext): Promise<T> {
      const text = await response.body.text();
      if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299)
        return (text === '' ? {} : JSON.parse(text)) as T;
      throw new k8s.ApiException(
        response.httpStatusCode,
        'Unsuccessful HTTP Request',
        text,
        response.headers,
      );
    }
  }
  return new Api(config);
}

/**
 * The requests flowctl makes, over @kubernetes/client-node (kubeconfig auth and TLS, URL
 * building, discovery of each group-version's resources once): GET, server-side apply (PATCH
 * application/apply-patch+yaml with a JSON body, fieldManager=flowctl), list by label selector,
 * DELETE. Every method throws ApiError or Unreachable (see classify); bodies are plain JSON.
 */
export class KubeClient {
  private constructor(private readonly api: RawApi) {}

  static create(k8s: K8s, target: ClusterTarget): KubeClient {
    const config = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(target.server, {}),
      authMethods: { default: target.kc },
      promiseMiddleware: [
        {
          pre: async (c) => {
            c.setSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
            return c;
          },
          post: async (r) => r,
        },
      ],
    });
    return new KubeClient(rawApi(k8s, config));
  }

  private async call<T>(fn: () => Promise<unknown>): Promise<T> {
    try {
      return (await fn()) as T;
    } catch (e) {
      throw classify(e);
    }
  }

  /** Whether the server serves `kind` in `apiVersion`, and whether it is namespaced. */
  async resource(apiVersion: string, kind: string): Promise<{ namespaced: boolean } | undefined> {
    try {
      const r = await this.api.discover(apiVersion, kind);
      return r ? { namespaced: r.namespaced } : undefined;
    } catch (e) {
      const err = classify(e);
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  /** The live object, or undefined when it does not exist. */
  async get(ref: Ref): Promise<Obj | undefined> {
    try {
      return await this.call<Obj>(() => this.api.send('GET', specOf(ref), 'read', {}));
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  /** Server-side apply `obj` as flowctl; `dryRun` persists nothing; `force` takes conflicting fields. */
  apply(obj: Obj, o: { dryRun: boolean; force: boolean }): Promise<Obj> {
    const query = {
      ...(o.dryRun ? { dryRun: 'All' } : {}),
      fieldManager: FIELD_MANAGER,
      force: String(o.force),
    };
    const body = { contentType: APPLY_PATCH, data: obj };
    return this.call<Obj>(() => this.api.send('PATCH', specOf(refOf(obj)), 'patch', query, body));
  }

  /** Objects of one kind in a namespace that match a label selector. */
  async list(apiVersion: string, kind: string, namespace: string, selector: string): Promise<Obj[]> {
    const spec = { apiVersion, kind, metadata: { name: '', namespace } };
    const list = await this.call<{ items?: Obj[] }>(() =>
      this.api.send('GET', spec, 'list', { labelSelector: selector }),
    );
    return (list.items ?? []).map((o) => ({ ...o, apiVersion, kind }));
  }

  /** Delete (background propagation); false when it was already gone. */
  async remove(ref: Ref): Promise<boolean> {
    try {
      await this.call(() =>
        this.api.send('DELETE', specOf(ref), 'delete', { propagationPolicy: 'Background' }),
      );
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return false;
      throw e;
    }
  }
}

function specOf(ref: Ref) {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  };
}
