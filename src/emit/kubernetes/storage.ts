import { diag } from '../../diagnostics/catalog/index.js';
import { type Component, type Loc, replicasOf, type Secret, type Volume } from '../../ir.js';
import { dnsLabel } from '../names.js';
import { type Ctx, workloadName } from './context.js';
import { escapeK8s, type SecretEnv } from './env.js';
import { metadata, pipelineLabels } from './labels.js';
import { objectName } from './names.js';
import type { IPersistentVolumeClaim, IVolume, IVolumeMount } from './types.js';

/** Size and access mode of the PersistentVolumeClaim a named volume becomes. */
export const CLAIM_SIZE = '1Gi';
export const CLAIM_ACCESS_MODE = 'ReadWriteOnce';
/** The key of the value inside every Secret flowctl references. */
export const SECRET_KEY = 'value';
/** Where a secret with neither a mount path nor an env var is mounted (as Compose does). */
export const DEFAULT_SECRET_DIR = '/run/secrets';

/**
 * A Secret the manifests reference but do not contain: apply (or the deployer) creates it
 * with one key, `value`, read from `from.file` or the deployer's environment variable `from.env`.
 */
export interface SecretRef {
  /** Kubernetes name of the Secret. */
  readonly name: string;
  readonly key: typeof SECRET_KEY;
  /** The secret's name in the pipeline. */
  readonly secret: string;
  readonly from: { readonly file?: string; readonly env?: string };
  readonly loc: Loc;
}

export interface PodStorage {
  readonly volumes: IVolume[];
  readonly mounts: IVolumeMount[];
  readonly env: SecretEnv[];
  /** PersistentVolumeClaims first claimed by this component. */
  readonly claims: IPersistentVolumeClaim[];
  /** Secrets first referenced by this component. */
  readonly secrets: SecretRef[];
}

/** Volumes, mounts and secret variables of one component's pod. */
export function podStorage(ctx: Ctx, c: Component): PodStorage {
  const out: PodStorage = { volumes: [], mounts: [], env: [], claims: [], secrets: [] };
  const scope = `volume of pod '${workloadName(ctx, c)}'`;
  for (const v of c.volumes) {
    const source = volumeSource(ctx, c, v, out);
    if (!source) continue;
    const name = dnsLabel(v.name);
    const first = ctx.names.claim(scope, name, {
      key: `volume:${v.name}\u0000${v.hostPath ?? ''}`,
      what: `volume '${v.name}' of '${c.id}'`,
      loc: v.loc,
    });
    if (first) out.volumes.push({ name, ...source });
    out.mounts.push({ name, mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) });
  }
  for (const s of c.secrets) secretStorage(ctx, c, s, scope, out);
  return out;
}

function volumeSource(ctx: Ctx, c: Component, v: Volume, out: PodStorage): Omit<IVolume, 'name'> | undefined {
  if (v.hostPath !== undefined) {
    const args = { volume: v.name, id: c.id, path: v.hostPath };
    if (v.hostPath.split('/').includes('..')) {
      ctx.diagnostics.push(diag('FC4204', args, v.loc));
      return undefined;
    }
    ctx.diagnostics.push(diag(v.hostPath.startsWith('/') ? 'FC4202' : 'FC4203', args, v.loc));
    return { hostPath: { path: v.hostPath } };
  }
  const claimName = objectName(ctx.opts.prefix, v.name);
  const first = ctx.names.claim('PersistentVolumeClaim', claimName, {
    key: `volume:${v.name}`,
    what: `volume '${v.name}'`,
    loc: v.loc,
  });
  if (first)
    out.claims.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata(ctx, claimName, pipelineLabels(ctx)),
      spec: { accessModes: [CLAIM_ACCESS_MODE], resources: { requests: { storage: CLAIM_SIZE } } },
    });
  return { persistentVolumeClaim: { claimName, ...(v.readOnly ? { readOnly: true } : {}) } };
}

/**
 * A secret as a reference: a Secret volume (one file, `subPath: value`, mode from `mode`)
 * when it has a mount path or no env var; an env var holding the mount path (file secrets)
 * or the value through secretKeyRef (env-only secrets).
 */
function secretStorage(ctx: Ctx, c: Component, s: Secret, scope: string, out: PodStorage): void {
  const secretName = objectName(ctx.opts.prefix, s.name);
  const source = [
    ...(s.from.file !== undefined ? [`file '${s.from.file}'`] : []),
    ...(s.from.env !== undefined ? [`env '${s.from.env}'`] : []),
  ];
  const first = ctx.names.claim('Secret', secretName, {
    key: `secret:${s.name}\u0000${s.from.file ?? ''}\u0000${s.from.env ?? ''}`,
    what: `secret '${s.name}' of '${c.id}'${source.length > 0 ? ` (from ${source.join(' and ')})` : ''}`,
    loc: s.loc,
  });
  if (first)
    out.secrets.push({ name: secretName, key: SECRET_KEY, secret: s.name, from: s.from, loc: s.loc });
  const optional = s.required ? {} : { optional: true };
  const mountPath = s.mountPath ?? (s.envName ? undefined : `${DEFAULT_SECRET_DIR}/${s.name}`);
  if (mountPath !== undefined) {
    const name = dnsLabel(`secret-${s.name}`);
    const mode = secretMode(ctx, c, s);
    const firstInPod = ctx.names.claim(scope, name, {
      key: `secret:${s.name}`,
      what: `secret '${s.name}' of '${c.id}'`,
      loc: s.loc,
    });
    if (firstInPod)
      out.volumes.push({
        name,
        secret: { secretName, ...(mode !== undefined ? { defaultMode: mode } : {}), ...optional },
      });
    out.mounts.push({ name, mountPath, subPath: SECRET_KEY, readOnly: true });
  }
  if (s.envName === undefined) return;
  const env =
    mountPath !== undefined
      ? { name: s.envName, value: escapeK8s(mountPath) }
      : { name: s.envName, valueFrom: { secretKeyRef: { name: secretName, key: SECRET_KEY, ...optional } } };
  out.env.push({ env, secret: s });
}

/** The octal `mode` as a number for defaultMode; reported (FC4212) when it is not 0..0777. */
function secretMode(ctx: Ctx, c: Component, s: Secret): number | undefined {
  if (s.mode === undefined) return undefined;
  if (/^0?[0-7]{1,3}$/.test(s.mode)) return Number.parseInt(s.mode, 8);
  ctx.diagnostics.push(diag('FC4212', { secret: s.name, id: c.id, mode: s.mode }, s.loc));
  return undefined;
}

/** How many pods a component may run at once: max_replicas when autoscaled, else replicas. */
function podCount(c: Component): number {
  return c.autoscaling ? c.autoscaling.maxReplicas : replicasOf(c);
}

/** FC4205 for every ReadWriteOnce claim that more than one pod may mount. */
export function sharedClaims(ctx: Ctx): void {
  const users = new Map<string, { ids: string[]; pods: number; loc: Loc }>();
  for (const c of ctx.p.components) {
    if (!c.image) continue;
    const seen = new Set<string>();
    for (const v of c.volumes) {
      if (v.hostPath !== undefined || seen.has(v.name)) continue;
      seen.add(v.name);
      const u = users.get(v.name) ?? { ids: [], pods: 0, loc: v.loc };
      u.ids.push(c.id);
      u.pods += podCount(c);
      users.set(v.name, u);
    }
  }
  for (const [volume, u] of users)
    if (u.pods > 1)
      ctx.diagnostics.push(diag('FC4205', { volume, users: u.ids.map((id) => `'${id}'`).join(', ') }, u.loc));
}
