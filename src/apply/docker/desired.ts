import { createHash } from 'node:crypto';
import type Dockerode from 'dockerode';
import { cpuCores, memoryBytes } from '../../check/rules/quantities.js';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { type Component, type Pipeline, replicasOf } from '../../ir.js';
import { configHash, LABEL } from '../../emit/labels.js';
import { componentEnv, dataPort, indexById } from '../../emit/wiring.js';
import { canonicalJson } from '../../emit/yaml.js';
import { healthPort } from '../../normalize/fields.js';
import type { Redactor } from '../redact.js';
import { APPLY_LABEL, names, ownerLabels } from './names.js';
import { componentSecrets, hostPathOf, type SecretFile, type SecretSource } from './secrets.js';

/** Version of the spec-hash scheme; bump when the hashed shape changes. */
export const SPEC_HASH_VERSION = 'd1';

export interface DesiredContainer {
  readonly name: string;
  readonly component: Component;
  readonly replica: number;
  readonly image: string;
  /** Create options, labels included (the spec hash among them). */
  readonly create: Dockerode.ContainerCreateOptions;
  readonly specHash: string;
  readonly configHash: string;
  readonly secretFiles: readonly SecretFile[];
  readonly hostPorts: readonly number[];
  readonly hasHealth: boolean;
}

export interface DesiredVolume {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** Everything apply wants to exist for one pipeline on Docker. */
export interface DesiredState {
  readonly pipeline: string;
  readonly network: { readonly name: string; readonly labels: Record<string, string> };
  readonly volumes: readonly DesiredVolume[];
  /** Components in written order, each with its replicas. */
  readonly components: readonly { readonly component: Component; readonly containers: DesiredContainer[] }[];
}

const NS = 1_000_000_000;

function healthcheck(c: Component, diags: Diagnostic[]): Dockerode.HealthConfig | undefined {
  const h = c.health;
  if (!h) return undefined;
  let test: string[];
  if (h.check.kind === 'command') {
    if (h.check.command.length === 0) return undefined;
    test = ['CMD', ...h.check.command];
  } else {
    const port = healthPort(h, c.ports);
    if (port === undefined) {
      const reason = 'the check names no port to probe; it starts without a health check';
      diags.push(diag('FC5016', { field: 'health', id: c.id, backend: 'docker', reason }, h.check.loc));
      return undefined;
    }
    // Tools most images have. busybox's nc has no -z; a health check has no stdin, so `nc -w 1`
    // connects, sees end of input, and exits 0 only when the port accepted the connection.
    test =
      h.check.kind === 'http'
        ? ['CMD', 'wget', '-q', '-O', '/dev/null', `http://localhost:${port}${h.check.path}`]
        : ['CMD', 'nc', '-w', '1', 'localhost', String(port)];
  }
  return {
    Test: test,
    Interval: h.intervalSeconds * NS,
    Timeout: h.timeoutSeconds * NS,
    Retries: h.retries,
  };
}

function resources(c: Component, diags: Diagnostic[]): Partial<Dockerode.HostConfig> {
  const out: Partial<Dockerode.HostConfig> = {};
  const r = c.resources;
  if (r?.limits.memory) out.Memory = Math.round(memoryBytes(r.limits.memory.value));
  if (r?.requests.memory) out.MemoryReservation = Math.round(memoryBytes(r.requests.memory.value));
  if (r?.limits.cpu) out.NanoCpus = Math.round(cpuCores(r.limits.cpu.value) * NS);
  if (r?.requests.cpu) out.CpuShares = Math.max(2, Math.round(cpuCores(r.requests.cpu.value) * 1024));
  if (c.autoscaling) {
    const reason = `Docker has no autoscaler; it runs ${replicasOf(c)} replica(s)`;
    diags.push(
      diag('FC5016', { field: 'autoscaling', id: c.id, backend: 'docker', reason }, c.autoscaling.loc),
    );
  }
  return out;
}

/** Restart policy as written, else the compose target's default. */
function restartPolicy(c: Component): string {
  return c.restart?.value ?? (c.role === 'pipeline' ? 'no' : 'unless-stopped');
}

function userLabels(p: Pipeline, c: Component): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...p.labels, ...c.labels }))
    if (!k.startsWith('flowctl.io/') && !k.startsWith('com.docker.')) out[k] = v;
  return out;
}

interface Ctx {
  readonly p: Pipeline;
  readonly src: SecretSource;
  readonly redactor: Redactor;
  readonly diags: Diagnostic[];
  readonly volumes: Map<string, DesiredVolume>;
}

function buildContainers(ctx: Ctx, c: Component): DesiredContainer[] {
  const { p, diags } = ctx;
  if (!c.image) {
    const fix = "give it an 'image:', or apply it with -t local";
    diags.push(diag('FC5013', { id: c.id, backend: 'docker', fix }, c.loc));
    return [];
  }
  const net = names.network(p.name);
  const byId = indexById(p);
  const address = (input: Component) => {
    const port = dataPort(input);
    return port ? `${names.alias(input.id)}:${port.containerPort}` : names.alias(input.id);
  };
  const secrets = componentSecrets(p, c, ctx.src, ctx.redactor, diags);
  const env = new Map(componentEnv(p, c, address, byId).map((e) => [e.name, e.value] as const));
  for (const [k, v] of secrets.env) env.set(k, v);
  const mounts: Dockerode.MountSettings[] = [
    ...c.volumes.map((v): Dockerode.MountSettings => {
      if (v.hostPath)
        return {
          Type: 'bind',
          Source: hostPathOf(p, v.hostPath, ctx.src.cwd),
          Target: v.mountPath,
          ReadOnly: v.readOnly,
        };
      const name = names.volume(p.name, v.name);
      ctx.volumes.set(name, { name, labels: { ...ownerLabels(p.name), [APPLY_LABEL.volume]: v.name } });
      return { Type: 'volume', Source: name, Target: v.mountPath, ReadOnly: v.readOnly };
    }),
    ...secrets.binds.map(
      (b): Dockerode.MountSettings => ({ Type: 'bind', Source: b.source, Target: b.target, ReadOnly: true }),
    ),
  ];
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostPort: string }[]> = {};
  const hostPorts: number[] = [];
  for (const port of c.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    if (port.hostPort !== undefined) {
      bindings[key] = [{ HostPort: String(port.hostPort) }];
      hostPorts.push(port.hostPort);
      if (replicasOf(c) > 1)
        diags.push(diag('FC5015', { id: c.id, port: port.hostPort, replicas: replicasOf(c) }, port.loc));
    }
  }
  const health = healthcheck(c, diags);
  const hash = configHash(p, c);
  const base = {
    Image: c.image.value,
    ...(c.command && c.command.value.length > 0 ? { Entrypoint: [...c.command.value] } : {}),
    ...(c.args.length > 0 ? { Cmd: [...c.args] } : {}),
    Env: [...env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: exposed,
    ...(health ? { Healthcheck: health } : {}),
    HostConfig: {
      Init: true,
      NetworkMode: net,
      RestartPolicy: { Name: restartPolicy(c) },
      PortBindings: bindings,
      Mounts: mounts,
      ...resources(c, diags),
    },
    NetworkingConfig: { EndpointsConfig: { [net]: { Aliases: [names.alias(c.id)] } } },
  };
  const files = secrets.files.map((f) => ({ path: f.path, mode: f.mode }));
  // Secret values enter the hash only as digests; `base.Env` holds from_env values, so hash a copy without them.
  const hashedEnv = base.Env.map((kv) =>
    secrets.env.has(kv.slice(0, kv.indexOf('='))) ? kv.slice(0, kv.indexOf('=')) : kv,
  );
  const specHash = `${SPEC_HASH_VERSION}-${createHash('sha256')
    .update(
      canonicalJson({ ...base, Env: hashedEnv, files, secrets: secrets.digests, labels: userLabels(p, c) }),
    )
    .digest('hex')
    .slice(0, 16)}`;
  const out: DesiredContainer[] = [];
  for (let i = 1; i <= replicasOf(c); i++) {
    const name = names.container(p.name, c.id, i);
    const labels = {
      ...userLabels(p, c),
      ...ownerLabels(p.name),
      [LABEL.component]: c.id,
      [LABEL.role]: c.role,
      [LABEL.configHash]: hash,
      [APPLY_LABEL.specHash]: specHash,
      [APPLY_LABEL.replica]: String(i),
    };
    out.push({
      name,
      component: c,
      replica: i,
      image: c.image.value,
      create: { name, ...base, Labels: labels },
      specHash,
      configHash: hash,
      secretFiles: secrets.files,
      hostPorts,
      hasHealth: health !== undefined,
    });
  }
  return out;
}

/**
 * The desired Docker state of a pipeline: one bridge network, the named volumes its components
 * mount, and a container per component replica with ownership labels, the configuration hash
 * (emit/labels.ts) and a spec hash over the exact create options (so a changed input address or
 * secret value also recreates). Components that cannot run on Docker are reported, not dropped.
 */
export function desiredState(
  p: Pipeline,
  src: SecretSource,
  redactor: Redactor,
): { state: DesiredState; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const ctx: Ctx = { p, src, redactor, diags, volumes: new Map() };
  const components = p.components.map((component) => ({
    component,
    containers: buildContainers(ctx, component),
  }));
  const state: DesiredState = {
    pipeline: p.name,
    network: { name: names.network(p.name), labels: ownerLabels(p.name) },
    volumes: [...ctx.volumes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    components,
  };
  return { state, diagnostics: diags };
}
