import { clone, equal, type JsonObject } from './k8s-fake-ssa.js';
import { type Resource, TIME } from './k8s-fake-protocol.js';

// What the fake API server does to objects on its own: server-populated metadata, the defaults a
// real server adds, generations, and Deployment rollouts (status) in four modes.

/** How Deployments roll out: at once, one step per read, never, or past the progress deadline. */
export type Rollout = 'instant' | 'progress' | 'stuck' | 'deadline';

function rolledOut(o: JsonObject): JsonObject {
  const n = ((o.spec as JsonObject).replicas as number | undefined) ?? 1;
  const g = (o.metadata as JsonObject).generation as number;
  return { observedGeneration: g, replicas: n, updatedReplicas: n, readyReplicas: n, availableReplicas: n };
}

/** A new object as stored: uid, creationTimestamp, resourceVersion `n`, defaults, first status. */
export function created(
  r: Resource,
  obj: JsonObject,
  namespace: string | undefined,
  n: number,
  rollout: Rollout,
): JsonObject {
  const out = clone(obj);
  const meta = out.metadata as JsonObject;
  if (r.namespaced && namespace !== undefined) meta.namespace = namespace;
  else delete meta.namespace;
  meta.uid = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
  meta.creationTimestamp = TIME;
  meta.resourceVersion = String(n);
  if (r.kind === 'Deployment') {
    out.spec ??= {};
    const spec = out.spec as JsonObject;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    meta.generation = 1;
    out.status = rollout === 'instant' ? rolledOut(out) : { replicas: 0 };
  }
  if (r.kind === 'Service') (out.spec as JsonObject).clusterIP ??= `10.96.0.${n % 250}`;
  if (r.kind === 'Secret') out.type ??= 'Opaque';
  if (r.kind === 'Namespace') out.status = { phase: 'Active' };
  return out;
}

/** A changed object: resourceVersion `n`; a new generation (and rollout) when its spec changed. */
export function changed(
  r: Resource,
  before: JsonObject,
  after: JsonObject,
  n: number,
  rollout: Rollout,
): JsonObject {
  const meta = after.metadata as JsonObject;
  meta.resourceVersion = String(n);
  if (r.kind === 'Deployment' && !equal(before.spec, after.spec)) {
    meta.generation = ((meta.generation as number) ?? 0) + 1;
    if (rollout === 'instant') after.status = rolledOut(after);
  }
  return after;
}

/** One step of a Deployment's rollout, taken after each time it is read. */
export function step(o: JsonObject, rollout: Rollout): void {
  if (o.kind !== 'Deployment' || rollout === 'instant') return;
  const gen = (o.metadata as JsonObject).generation as number;
  const want = ((o.spec as JsonObject).replicas as number | undefined) ?? 1;
  const st = (o.status ?? {}) as JsonObject;
  if (st.observedGeneration !== gen) {
    o.status = {
      observedGeneration: gen,
      replicas: want,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
    };
    if (rollout === 'deadline')
      (o.status as JsonObject).conditions = [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${String((o.metadata as JsonObject).name)}-5d4f8b" has timed out progressing.`,
        },
      ];
    return;
  }
  if (rollout !== 'progress') return;
  if ((st.updatedReplicas as number) < want) st.updatedReplicas = (st.updatedReplicas as number) + 1;
  else if ((st.availableReplicas as number) < want) {
    st.availableReplicas = (st.availableReplicas as number) + 1;
    st.readyReplicas = st.availableReplicas;
  }
}
