import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import type { EmitOptions } from '../types.js';
import { type Ctx, makeCtx, TARGET, workloadName } from './context.js';
import { buildEnv } from './env.js';
import { K8S_LABEL, metadata, pipelineLabels, selectorLabels } from './labels.js';
import { isDnsLabel } from './names.js';
import { containerPorts, namedPorts, networkPolicy, service } from './network.js';
import { podStorage, type SecretRef, sharedClaims } from './storage.js';
import type { INamespace, KubeObject } from './types.js';
import { autoscaler, dependsOnNotCarried, deployment, imageOf } from './workload.js';

/**
 * Kinds in the order they are applied and printed: a Namespace before what lives in it,
 * ConfigMaps and claims before the Deployments that mount them, then Services, autoscalers
 * and NetworkPolicies.
 */
export const KIND_ORDER = [
  'Namespace',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'NetworkPolicy',
] as const;

export interface KubernetesObjects {
  /** Every object, in KIND_ORDER, then by name within a kind. Plain JSON values. */
  readonly objects: KubeObject[];
  /** Secrets the objects reference; apply creates them (key `value`) from `from`. */
  readonly secrets: SecretRef[];
  readonly diagnostics: Diagnostic[];
}

/**
 * The Kubernetes objects for a pipeline, exactly as `translate -o k8s` serialises them and as
 * apply should server-side-apply them. Pure and deterministic. Components that cannot run on
 * Kubernetes (FC4002) get no objects; everything else is still produced, so every diagnostic
 * is reported at once.
 */
export function kubernetesObjects(p: Pipeline, opts: EmitOptions = {}): KubernetesObjects {
  const ctx = makeCtx(p, opts);
  const objects: KubeObject[] = [];
  const secrets: SecretRef[] = [];
  const ns = namespaceObject(ctx);
  if (ns) objects.push(obj(ns));
  if (p.config.length > 0)
    ctx.diagnostics.push(
      diag(
        'FC4001',
        {
          field: 'spec.config',
          id: p.name,
          target: TARGET,
          reason:
            "pipeline-wide config is not part of any component's environment; move the keys into the config of the components that need them",
        },
        p.config[0].loc,
      ),
    );
  for (const c of p.components) {
    const r = componentObjects(ctx, c);
    objects.push(...r.objects);
    secrets.push(...r.secrets);
  }
  sharedClaims(ctx);
  return { objects: sortObjects(objects), secrets, diagnostics: ctx.diagnostics };
}

function namespaceObject(ctx: Ctx): INamespace | undefined {
  if (!ctx.namespace) return undefined;
  if (!isDnsLabel(ctx.namespace)) {
    const loc = ctx.opts.namespace ? undefined : { file: ctx.p.file, path: ['metadata', 'namespace'] };
    ctx.diagnostics.push(diag('FC4215', { namespace: ctx.namespace }, loc));
  }
  const { namespace: _, ...meta } = metadata(ctx, ctx.namespace, pipelineLabels(ctx));
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta };
}

function componentObjects(ctx: Ctx, c: Component): { objects: KubeObject[]; secrets: SecretRef[] } {
  dependsOnNotCarried(ctx, c);
  const image = imageOf(ctx, c);
  if (image === undefined) return { objects: [], secrets: [] };
  const name = workloadName(ctx, c);
  const claim = (kind: string) =>
    ctx.names.claim(kind, name, { key: `component:${c.id}`, what: `'${c.id}'`, loc: c.loc });
  const storage = podStorage(ctx, c);
  const { env, configMap } = buildEnv(ctx, c, storage.env);
  const ports = namedPorts(ctx, c);
  const objects: KubeObject[] = storage.claims.map(obj);
  if (configMap) objects.push(obj(configMap));
  claim('Deployment');
  // Selectors use the name label: two components must never share its value.
  ctx.names.claim('pod selector', selectorLabels(ctx, c)[K8S_LABEL.name], {
    key: `component:${c.id}`,
    what: `'${c.id}'`,
    loc: c.loc,
  });
  objects.push(
    obj(
      deployment(ctx, c, {
        image,
        env,
        ports: containerPorts(ports),
        volumes: storage.volumes,
        mounts: storage.mounts,
        recreate: storage.volumes.some((v) => v.persistentVolumeClaim !== undefined),
      }),
    ),
  );
  const svc = service(ctx, c, ports);
  if (svc) {
    claim('Service');
    objects.push(obj(svc));
  }
  const hpa = autoscaler(ctx, c);
  if (hpa) objects.push(obj(hpa));
  objects.push(obj(networkPolicy(ctx, c, ports)));
  return { objects, secrets: storage.secrets };
}

/** Every builder sets apiVersion, kind and metadata.name; the model types leave them optional. */
function obj(o: { kind: string }): KubeObject {
  return o as unknown as KubeObject;
}

/** Stable order: KIND_ORDER, then name. */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => KIND_ORDER.indexOf(o.kind as (typeof KIND_ORDER)[number]);
  return [...objects].sort((a, b) => {
    const d = rank(a) - rank(b);
    if (d !== 0) return d;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}

/** The file an object is written to: `<rank>-<kind>-<name>.yaml`, so `kubectl apply -f DIR` keeps KIND_ORDER. */
export function objectFile(o: KubeObject): string {
  const rank = KIND_ORDER.indexOf(o.kind as (typeof KIND_ORDER)[number]);
  return `${String(rank).padStart(2, '0')}-${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}
