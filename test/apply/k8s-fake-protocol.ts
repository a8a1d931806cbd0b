import type { Conflict, Json, JsonObject, Manager } from './k8s-fake-ssa.js';

// The wire protocol of the fake API server (k8s-fake.ts): the resources it serves, discovery
// documents, URL parsing, and Status errors as the real API server writes them.

export interface Resource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export const RESOURCES: readonly Resource[] = [
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

export const gv = (r: Resource) => (r.group ? `${r.group}/${r.version}` : r.version);
export const TIME = '2026-01-01T00:00:00Z';

/** How Deployments roll out: at once, one step per GET, or never (optionally past the deadline). */
export type Rollout = 'instant' | 'progress' | 'stuck' | 'deadline';

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

export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: JsonObject,
  ) {
    super(String(body.message));
  }
}

export function conflictError(conflicts: readonly Conflict[]): HttpError {
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

export function sameManagers(a: Map<string, Manager>, b: Map<string, Manager>): boolean {
  const flat = (m: Map<string, Manager>) =>
    JSON.stringify(
      [...m].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, v.operation, [...v.leaves].sort()]),
    );
  return flat(a) === flat(b);
}

export interface Target {
  readonly resource: Resource;
  readonly namespace?: string;
  readonly name?: string;
}

/** Discovery documents: /api, /apis, /version and each group-version's resource list. */
export function discovery(p: string): Json | undefined {
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
export function parseTarget(p: string): Target | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(p);
  if (!m) return undefined;
  const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
  let segs = m[4].split('/').map(decodeURIComponent);
  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const resource = RESOURCES.find((r) => r.group === group && r.version === version && r.plural === segs[0]);
  if (!resource || segs.length > 2) return undefined;
  if (!resource.namespaced && namespace !== undefined) return undefined;
  if (resource.namespaced && namespace === undefined && segs.length === 2) return undefined;
  return {
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(segs[1] ? { name: segs[1] } : {}),
  };
}

/** The NotFound Status of one object. */
export function notFound(t: Target): HttpError {
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

/** The body must name the resource and object of the URL, as the API server checks. */
export function checkIdentity(t: Target, body: JsonObject): void {
  const meta = (body.metadata ?? {}) as JsonObject;
  const bad = (m: string) => new HttpError(400, statusBody(400, 'BadRequest', m));
  if (body.kind !== t.resource.kind || body.apiVersion !== gv(t.resource))
    throw bad(
      `the body of the request (${String(body.apiVersion)} ${String(body.kind)}) does not match the URL (${gv(t.resource)} ${t.resource.kind})`,
    );
  if (t.name !== undefined && meta.name !== t.name)
    throw bad(`the name of the object (${String(meta.name)}) does not match the name on the URL (${t.name})`);
  if (t.resource.namespaced && meta.namespace !== undefined && meta.namespace !== t.namespace)
    throw bad(`the namespace of the provided object does not match the namespace sent on the request`);
}
