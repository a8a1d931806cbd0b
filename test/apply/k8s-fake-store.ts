import { changed, created, type Rollout, step } from './k8s-fake-objects.js';
import {
  checkIdentity,
  conflictError,
  gv,
  HttpError,
  matchesSelector,
  notFound,
  RESOURCES,
  type Resource,
  sameManagers,
  statusBody,
  type Target,
  TIME,
} from './k8s-fake-protocol.js';
import {
  clone,
  equal,
  type Json,
  type JsonObject,
  type Manager,
  recordUpdate,
  renderManagedFields,
  serverSideApply,
} from './k8s-fake-ssa.js';

interface Stored {
  obj: JsonObject;
  managers: Map<string, Manager>;
}

/** An answer of the fake API server: status code and JSON body. */
export interface Answer {
  readonly code: number;
  readonly body: Json;
}

/**
 * The objects of the fake API server and what it does with them: read, list by label,
 * server-side apply (with field ownership, conflicts and dry runs), create and delete, with
 * resourceVersions, generations and Deployment rollouts. Errors are thrown as HttpError Statuses.
 */
export class FakeStore {
  rollout: Rollout = 'instant';
  private readonly store = new Map<string, Stored>();
  private counter = 0;

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
      obj: created(r, made.obj, meta.namespace as string | undefined, this.version(false), this.rollout),
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
    s.obj = changed(r, s.obj, after, this.version(false), this.rollout);
  }

  key(r: Resource, namespace: string | undefined, name: string): string {
    return `${r.group}|${r.plural}|${r.namespaced ? (namespace ?? '') : ''}|${name}`;
  }

  private resourceOf(obj: JsonObject): Resource {
    const r = RESOURCES.find((x) => x.kind === obj.kind && gv(x) === obj.apiVersion);
    if (!r) throw new Error(`fake: unknown ${String(obj.apiVersion)} ${String(obj.kind)}`);
    return r;
  }

  render(s: Stored): JsonObject {
    const out = clone(s.obj);
    (out.metadata as JsonObject).managedFields = renderManagedFields(s.managers, TIME);
    return out;
  }

  /** The next resourceVersion; a dry run sees it without taking it. */
  private version(dry: boolean): number {
    return dry ? this.counter + 1 : ++this.counter;
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

  read(t: Target, advance: boolean): JsonObject {
    const s = this.store.get(this.key(t.resource, t.namespace, t.name ?? ''));
    if (!s) throw notFound(t);
    // The rollout moves on after each read, so every state is seen once.
    const out = this.render(s);
    if (advance) step(s.obj, this.rollout);
    return out;
  }

  list(t: Target, selector: string | undefined): JsonObject {
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

  apply(t: Target, body: JsonObject, q: URLSearchParams): { code: number; body: Json } {
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
    checkIdentity(t, body);
    this.requireNamespace(t);
    const key = this.key(t.resource, t.namespace, t.name ?? '');
    const live = this.store.get(key);
    const dry = q.get('dryRun') === 'All';
    const made = serverSideApply(live, body, manager, gv(t.resource), q.get('force') === 'true');
    if ('conflicts' in made) throw conflictError(made.conflicts);
    if (!live) {
      const s = {
        obj: created(t.resource, made.obj, t.namespace, this.version(dry), this.rollout),
        managers: made.managers,
      };
      if (!dry) this.store.set(key, s);
      return { code: 201, body: this.render(s) };
    }
    if (equal(live.obj, made.obj) && sameManagers(live.managers, made.managers))
      return { code: 200, body: this.render(live) };
    const s = {
      obj: changed(t.resource, live.obj, made.obj, this.version(dry), this.rollout),
      managers: made.managers,
    };
    if (!dry) this.store.set(key, s);
    return { code: 200, body: this.render(s) };
  }

  create(t: Target, body: JsonObject, q: URLSearchParams): { code: number; body: Json } {
    const name = String((body.metadata as JsonObject | undefined)?.name ?? '');
    const named = { ...t, name };
    checkIdentity(named, body);
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

  remove(t: Target, q: URLSearchParams): { code: number; body: Json } {
    const key = this.key(t.resource, t.namespace, t.name ?? '');
    if (!this.store.has(key)) throw notFound(t);
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
