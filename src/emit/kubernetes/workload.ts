import { diag } from '../../diagnostics/catalog/index.js';
import { at, type Component, type Health, type ResourceSet } from '../../ir.js';
import { healthPort } from '../../normalize/fields.js';
import { dnsLabel } from '../names.js';
import { withImageRegistry } from '../wiring.js';
import { type Ctx, TARGET, workloadName } from './context.js';
import { escapeK8s } from './env.js';
import {
  componentLabels,
  metadata,
  podLabels,
  RESOLVED_FROM_ANNOTATION,
  selectorLabels,
  type StringMap,
  TYPE_ANNOTATION,
} from './labels.js';
import type {
  IContainer,
  IDeployment,
  IEnvVar,
  IHorizontalPodAutoscaler,
  IProbe,
  IResourceRequirements,
  IVolume,
  IVolumeMount,
} from './types.js';
import type { IContainerPort } from './types.js';

export interface PodParts {
  readonly image: string;
  readonly env: IEnvVar[];
  readonly ports: IContainerPort[];
  readonly volumes: IVolume[];
  readonly mounts: IVolumeMount[];
  /** A ReadWriteOnce claim is mounted: roll out with Recreate, not RollingUpdate. */
  readonly recreate: boolean;
}

/**
 * The Deployment of a component: one container (image, command, args, env, ports, probes,
 * resources, mounts), replicas unless an autoscaler owns them, and pods labelled with the
 * configuration hash so any change of the component rolls them. Service links are off, so the
 * container's environment is exactly the one written here.
 */
export function deployment(ctx: Ctx, c: Component, parts: PodParts): IDeployment {
  const container: IContainer = {
    name: dnsLabel(c.id),
    image: parts.image,
    ...(c.command ? { command: c.command.value.map(escapeK8s) } : {}),
    ...(c.args.length > 0 ? { args: c.args.map(escapeK8s) } : {}),
    ...(parts.env.length > 0 ? { env: parts.env } : {}),
    ...(parts.ports.length > 0 ? { ports: parts.ports } : {}),
    ...probes(ctx, c),
    ...resources(c),
    ...(parts.mounts.length > 0 ? { volumeMounts: parts.mounts } : {}),
  };
  restartPolicy(ctx, c);
  const annotations: StringMap = {
    ...(c.resolvedFrom
      ? { [RESOLVED_FROM_ANNOTATION]: `${c.resolvedFrom.name}@${c.resolvedFrom.version}` }
      : {}),
    ...(c.typeLabel !== undefined && c.typeLabel !== c.role ? { [TYPE_ANNOTATION]: c.typeLabel } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(ctx, workloadName(ctx, c), podLabels(ctx, c), annotations),
    spec: {
      ...replicas(ctx, c),
      selector: { matchLabels: selectorLabels(ctx, c) },
      ...(parts.recreate ? { strategy: { type: 'Recreate' } } : {}),
      template: {
        metadata: { labels: podLabels(ctx, c) },
        spec: {
          containers: [container],
          enableServiceLinks: false,
          ...(parts.volumes.length > 0 ? { volumes: parts.volumes } : {}),
        },
      },
    },
  };
}

/** The image with --image-registry, or undefined (FC4002) when the component has none. */
export function imageOf(ctx: Ctx, c: Component): string | undefined {
  if (c.image) return withImageRegistry(c.image.value, ctx.opts.imageRegistry);
  ctx.diagnostics.push(
    diag(
      'FC4002',
      {
        field: 'no image',
        id: c.id,
        target: TARGET,
        fix: "add 'image' (a Deployment runs container images, not host commands)",
      },
      c.command?.loc ?? c.loc,
    ),
  );
  return undefined;
}

function replicas(ctx: Ctx, c: Component): { replicas?: number } {
  const a = c.autoscaling;
  if (!a) return c.replicas ? { replicas: c.replicas.value } : {};
  if (c.replicas)
    ctx.diagnostics.push(
      diag(
        'FC4207',
        { id: c.id, replicas: c.replicas.value, min: a.minReplicas, max: a.maxReplicas },
        c.replicas.loc,
      ),
    );
  return {};
}

function restartPolicy(ctx: Ctx, c: Component): void {
  const r = c.restart;
  if (!r || r.value === 'always' || r.value === 'unless-stopped') return;
  ctx.diagnostics.push(
    diag(
      'FC4001',
      {
        field: `restart_policy: ${r.value}`,
        id: c.id,
        target: TARGET,
        reason:
          'the pods of a Deployment always restart (restartPolicy Always); run-to-completion work needs a Job',
      },
      r.loc,
    ),
  );
}

/** Readiness and liveness probes, both from `health`, with the same handler and timing. */
function probes(ctx: Ctx, c: Component): { readinessProbe?: IProbe; livenessProbe?: IProbe } {
  if (!c.health) return {};
  const handler = probeHandler(ctx, c, c.health);
  if (!handler) return {};
  const probe: IProbe = { ...handler, ...probeTiming(ctx, c, c.health) };
  return { readinessProbe: probe, livenessProbe: probe };
}

function probeHandler(ctx: Ctx, c: Component, h: Health): IProbe | undefined {
  const check = h.check;
  if (check.kind === 'command') return { exec: { command: check.command.map(escapeK8s) } };
  const port = healthPort(h, c.ports);
  if (port === undefined || port < 1 || port > 65535) {
    // The health-port rule (FC3009) rejects this before emit; never write a probe on port 0.
    ctx.diagnostics.push(
      diag(
        'FC4001',
        { field: 'health', id: c.id, target: TARGET, reason: 'the health check has no port to probe' },
        check.loc,
      ),
    );
    return undefined;
  }
  return check.kind === 'http' ? { httpGet: { path: check.path, port } } : { tcpSocket: { port } };
}

function probeTiming(ctx: Ctx, c: Component, h: Health): IProbe {
  const whole = (field: string, value: number): number => {
    const used = Math.max(1, Math.ceil(value));
    if (used !== value) ctx.diagnostics.push(diag('FC4211', { id: c.id, field, value, used }, h.check.loc));
    return used;
  };
  return {
    periodSeconds: whole('interval', h.intervalSeconds),
    timeoutSeconds: whole('timeout', h.timeoutSeconds),
    failureThreshold: Math.max(1, h.retries),
  };
}

function resources(c: Component): { resources?: IResourceRequirements } {
  if (!c.resources) return {};
  const set = (s: ResourceSet) => ({
    ...(s.cpu ? { cpu: s.cpu.value } : {}),
    ...(s.memory ? { memory: s.memory.value } : {}),
  });
  const requests = set(c.resources.requests);
  const limits = set(c.resources.limits);
  const out: IResourceRequirements = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
  return Object.keys(out).length > 0 ? { resources: out } : {};
}

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU utilisation, when autoscaling is declared. */
export function autoscaler(ctx: Ctx, c: Component): IHorizontalPodAutoscaler | undefined {
  const a = c.autoscaling;
  if (!a) return undefined;
  if (a.minReplicas > a.maxReplicas) {
    ctx.diagnostics.push(
      diag(
        'FC4002',
        {
          field: `autoscaling from ${a.minReplicas} to ${a.maxReplicas} replicas`,
          id: c.id,
          target: TARGET,
          fix: 'make min_replicas at most max_replicas',
        },
        a.loc,
      ),
    );
    return undefined;
  }
  if (!c.resources?.requests.cpu) ctx.diagnostics.push(diag('FC4206', { id: c.id }, a.loc));
  const name = workloadName(ctx, c);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(ctx, name, componentLabels(ctx, c)),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: a.targetCPUUtilization },
          },
        },
      ],
    },
  };
}

/** FC4001 for depends_on: Kubernetes has no start order. */
export function dependsOnNotCarried(ctx: Ctx, c: Component): void {
  if (c.dependsOn.length === 0) return;
  ctx.diagnostics.push(
    diag(
      'FC4001',
      {
        field: 'depends_on',
        id: c.id,
        target: TARGET,
        reason:
          'Kubernetes starts pods in any order, so the component must retry until its dependencies answer',
      },
      at(c.loc, 'depends_on'),
    ),
  );
}
