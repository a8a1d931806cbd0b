import { createHash } from 'node:crypto';
import { LABEL } from '../../emit/labels.js';
import { labelValue, objectName } from '../../emit/kubernetes/names.js';
import type { Obj } from './client.js';

/** ApplySet keys (KEP-3659), as kubectl reads and writes them. */
export const APPLYSET = {
  id: 'applyset.kubernetes.io/id',
  partOf: 'applyset.kubernetes.io/part-of',
  tooling: 'applyset.kubernetes.io/tooling',
  kinds: 'applyset.kubernetes.io/contains-group-kinds',
  namespaces: 'applyset.kubernetes.io/additional-namespaces',
} as const;

/** The tool name in the tooling annotation; other tools' ApplySets are never changed. */
export const TOOL = 'flowctl';

/** Kinds that are never ApplySet members and never pruned, whatever a parent lists. */
export const NEVER_PRUNED: ReadonlySet<string> = new Set(['Namespace', 'PersistentVolume']);

/**
 * Group-kinds flowctl can create, with the version it lists them at, in apply order
 * (the emitter's KIND_ORDER with Secrets after ConfigMaps). Deletion runs in reverse.
 */
export const MEMBER_KINDS: readonly {
  readonly groupKind: string;
  readonly apiVersion: string;
  readonly kind: string;
}[] = [
  { groupKind: 'Secret', apiVersion: 'v1', kind: 'Secret' },
  { groupKind: 'ConfigMap', apiVersion: 'v1', kind: 'ConfigMap' },
  { groupKind: 'PersistentVolumeClaim', apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { groupKind: 'Deployment.apps', apiVersion: 'apps/v1', kind: 'Deployment' },
  { groupKind: 'Service', apiVersion: 'v1', kind: 'Service' },
  {
    groupKind: 'HorizontalPodAutoscaler.autoscaling',
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
  },
  { groupKind: 'NetworkPolicy.networking.k8s.io', apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
];

/** `Kind` for the core group, else `Kind.group` (Go's schema.GroupKind.String()). */
export function groupKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

/** Rank of a group-kind in apply order; unknown kinds last. */
export function kindRank(gk: string): number {
  const i = MEMBER_KINDS.findIndex((k) => k.groupKind === gk);
  return i < 0 ? MEMBER_KINDS.length : i;
}

/**
 * The ApplySet id of a parent: `applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1`,
 * unpadded URL-safe base64, exactly as kubectl computes it.
 */
export function applySetId(name: string, namespace: string, kind: string, group: string): string {
  const hash = createHash('sha256').update([name, namespace, kind, group].join('.')).digest('base64url');
  return `applyset-${hash}-v1`;
}

/** The parent's name: `applyset-<pipeline>`, a DNS label (shortened with a hash when needed). */
export function parentName(pipeline: string): string {
  return objectName(undefined, `applyset-${pipeline}`);
}

/** The group-kinds a parent lists (empty when it lists none). */
export function parentKinds(parent: Obj | undefined): string[] {
  const v = parent?.metadata.annotations?.[APPLYSET.kinds] ?? '';
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The tool that manages a parent, from its tooling annotation (`kubectl` of `kubectl/v1.29`). */
export function parentTool(parent: Obj): string | undefined {
  const t = parent.metadata.annotations?.[APPLYSET.tooling];
  if (t === undefined) return undefined;
  const slash = t.lastIndexOf('/');
  return slash < 0 ? t : t.slice(0, slash);
}

/**
 * The ApplySet parent of a pipeline: a Secret holding no data, labelled with the set's id and
 * annotated with the tooling and the sorted group-kinds of its members, so that kubectl
 * (`kubectl get secret -l applyset.kubernetes.io/id`, `kubectl apply --prune --applyset`)
 * sees the same set.
 */
export function parentObject(o: {
  pipeline: string;
  namespace: string;
  id: string;
  kinds: readonly string[];
  version: string;
}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: parentName(o.pipeline),
      namespace: o.namespace,
      labels: {
        [APPLYSET.id]: o.id,
        [LABEL.managedBy]: TOOL,
        [LABEL.pipeline]: labelValue(o.pipeline),
      },
      annotations: {
        [APPLYSET.tooling]: `${TOOL}/v${o.version}`,
        [APPLYSET.kinds]: [...new Set(o.kinds)].sort().join(','),
        [APPLYSET.namespaces]: '',
      },
    },
  };
}
