import type { Component, Health, Pipeline, Port, Resources, Secret, Volume } from '../ir.js';
import { DEFAULT_REGISTRY_LABEL } from './registry.js';

/**
 * IR → a flowctl/v1 document (plain object). Printing is the inverse of normalize/v1.ts:
 * reading the document back gives the same components, fields and orders, so the printed
 * pipeline compiles to the same artifacts as the input it came from (v1, legacy or v2).
 * `resolved` is the pipeline after reference resolution: its versions pin the references.
 */
export function toV1Document(normalized: Pipeline, resolved: Pipeline): Record<string, unknown> {
  const pinned = new Map(resolved.components.map((c, i) => [i, c.resolvedFrom]));
  const sections: Record<string, unknown[]> = { sources: [], processors: [], sinks: [], pipelines: [] };
  normalized.components.forEach((c, i) => {
    sections[`${c.role}s`].push(componentDoc(c, pinned.get(i)?.version));
  });
  const metadata = {
    name: normalized.name,
    ...(normalized.namespace !== undefined ? { namespace: normalized.namespace } : {}),
    ...(nonEmpty(normalized.labels) ? { labels: { ...normalized.labels } } : {}),
    ...(nonEmpty(normalized.annotations) ? { annotations: { ...normalized.annotations } } : {}),
  };
  const spec = {
    ...(normalized.description !== undefined ? { description: normalized.description } : {}),
    ...(normalized.driver ? { driver: normalized.driver.value } : {}),
    ...(normalized.endpoint !== undefined ? { endpoint: normalized.endpoint } : {}),
    ...(normalized.config.length > 0
      ? { config: Object.fromEntries(normalized.config.map((x) => [x.key, x.value])) }
      : {}),
    ...Object.fromEntries(Object.entries(sections).filter(([, list]) => list.length > 0)),
  };
  return escapeTemplates({ apiVersion: 'flowctl/v1', kind: 'Pipeline', metadata, spec }) as Record<
    string,
    unknown
  >;
}

/**
 * Values in the IR are final: `${VAR}` was interpolated when the input was read, and a literal
 * `${` came from a `$${` escape. Reading the printed document interpolates again, so every
 * `${` in a string value is written `$${` to survive as itself.
 */
function escapeTemplates(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('${', () => '$${');
  if (Array.isArray(v)) return v.map(escapeTemplates);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeTemplates(x)]));
  return v;
}

/** Where each component sits in the printed document: [section, index]. */
export function positions(p: Pipeline): [string, number][] {
  const count: Record<string, number> = {};
  return p.components.map((c) => {
    const s = `${c.role}s`;
    count[s] = (count[s] ?? 0) + 1;
    return [s, count[s] - 1];
  });
}

function componentDoc(c: Component, version: string | undefined): Record<string, unknown> {
  const type = c.ref ? `${c.ref.name}@${version ?? c.ref.version ?? ''}`.replace(/@$/, '') : c.typeLabel;
  return {
    id: c.id,
    ...(type !== undefined ? { type } : {}),
    ...(c.image ? { image: c.image.value } : {}),
    ...(c.command ? { command: [...c.command.value] } : {}),
    ...(c.args.length > 0 ? { args: [...c.args] } : {}),
    ...(c.env.length > 0 ? { env: Object.fromEntries(c.env.map((e) => [e.name, e.value])) } : {}),
    ...(c.config.length > 0 ? { config: Object.fromEntries(c.config.map((e) => [e.key, e.value])) } : {}),
    ...(c.inputs.length > 0 ? { inputs: c.inputs.map((x) => x.value) } : {}),
    ...(c.dependsOn.length > 0 ? { depends_on: c.dependsOn.map((x) => x.value) } : {}),
    ...(c.consumes.length > 0 ? { input_event_types: [...c.consumes] } : {}),
    ...(c.produces.length > 0 ? { output_event_types: [...c.produces] } : {}),
    ...(c.ports.length > 0 ? { ports: c.ports.map(portDoc) } : {}),
    ...(c.volumes.length > 0 ? { volumes: c.volumes.map(volumeDoc) } : {}),
    ...(c.secrets.length > 0 ? { secrets: c.secrets.map(secretDoc) } : {}),
    ...(c.health ? healthDoc(c.health) : {}),
    ...(c.replicas ? { replicas: c.replicas.value } : {}),
    ...(c.resources ? { resources: resourcesDoc(c.resources) } : {}),
    ...(c.autoscaling
      ? {
          autoscaling: {
            min_replicas: c.autoscaling.minReplicas,
            max_replicas: c.autoscaling.maxReplicas,
            target_cpu_utilization: c.autoscaling.targetCPUUtilization,
          },
        }
      : {}),
    ...(c.restart ? { restart_policy: c.restart.value } : {}),
    ...(nonEmpty(c.labels) ? { labels: { ...c.labels } } : {}),
  };
}

function portDoc(p: Port): Record<string, unknown> {
  return {
    ...(p.name !== undefined ? { name: p.name } : {}),
    containerPort: p.containerPort,
    ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
    ...(p.protocol === 'udp' ? { protocol: 'udp' } : {}),
  };
}

function volumeDoc(v: Volume): Record<string, unknown> {
  return {
    name: v.name,
    mountPath: v.mountPath,
    ...(v.hostPath !== undefined ? { host_path: v.hostPath } : {}),
    ...(v.readOnly ? { readonly: true } : {}),
  };
}

function secretDoc(s: Secret): Record<string, unknown> {
  return {
    name: s.name,
    ...(s.from.file !== undefined ? { host_path: s.from.file } : {}),
    ...(s.from.env !== undefined ? { from_env: s.from.env } : {}),
    ...(s.mountPath !== undefined ? { container_path: s.mountPath } : {}),
    ...(s.envName !== undefined ? { env: s.envName } : {}),
    ...(s.mode !== undefined ? { mode: s.mode } : {}),
    ...(s.required ? {} : { required: false }),
  };
}

const DEFAULT_TIMING = { interval: 10, timeout: 5, retries: 3 };

function healthDoc(h: Health): Record<string, unknown> {
  const port = h.port ? { health_port: h.port.value } : {};
  const timing =
    h.intervalSeconds !== DEFAULT_TIMING.interval ||
    h.timeoutSeconds !== DEFAULT_TIMING.timeout ||
    h.retries !== DEFAULT_TIMING.retries;
  const check = h.check;
  if (!timing && check.kind === 'http' && check.port === undefined)
    return { health_check: check.path, ...port };
  const body =
    check.kind === 'http'
      ? { http: check.path, ...(check.port !== undefined ? { port: check.port } : {}) }
      : check.kind === 'tcp'
        ? { tcp: check.port ?? '' }
        : { command: [...check.command] };
  return {
    health: {
      ...body,
      interval: `${h.intervalSeconds}s`,
      timeout: `${h.timeoutSeconds}s`,
      retries: h.retries,
    },
    ...port,
  };
}

function resourcesDoc(r: Resources): Record<string, unknown> {
  const set = (s: Resources['requests']) => ({
    ...(s.cpu ? { cpu: s.cpu.value } : {}),
    ...(s.memory ? { memory: s.memory.value } : {}),
  });
  const requests = set(r.requests);
  const limits = set(r.limits);
  return { ...(nonEmpty(requests) ? { requests } : {}), ...(nonEmpty(limits) ? { limits } : {}) };
}

function nonEmpty(o: object): boolean {
  return Object.keys(o).length > 0;
}

/** How a registry is named in comments: 'the default registry' or the file as given. */
export function registryName(label: string): string {
  return label === DEFAULT_REGISTRY_LABEL ? 'the default registry' : label;
}
