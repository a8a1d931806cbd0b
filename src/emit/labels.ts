import { canonicalJson } from './yaml.js';
import { createHash } from 'node:crypto';
import { type Component, type Pipeline, replicasOf } from '../ir.js';

/** Ownership label keys, the same on every target and in apply. Never com.docker.*. */
export const LABEL = {
  pipeline: 'flowctl.io/pipeline',
  component: 'flowctl.io/component',
  role: 'flowctl.io/role',
  configHash: 'flowctl.io/config-hash',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** Version of the configuration-hash scheme; bump when the hashed shape changes. */
export const CONFIG_HASH_VERSION = 'v1';

/**
 * A stable hash of everything about a component that, when changed, requires its container or
 * pod to be recreated: runtime, env, config, ports, volumes, secrets (references only), health,
 * resources, replicas, restart and inputs. Locations are not part of it, so moving a component
 * within the file does not change it. Format: `v1-<16 hex>`.
 */
export function configHash(p: Pipeline, c: Component): string {
  const shape = {
    pipeline: p.name,
    id: c.id,
    role: c.role,
    image: c.image?.value ?? null,
    command: c.command?.value ?? null,
    args: c.args,
    // Written order of env and config carries no meaning (emitters sort), so it is not hashed.
    env: Object.fromEntries(c.env.map((e) => [e.name, e.value])),
    config: Object.fromEntries(c.config.map((x) => [x.key, x.value])),
    inputs: c.inputs.map((i) => i.value),
    ports: c.ports.map((x) => [x.name ?? '', x.containerPort, x.hostPort ?? null, x.protocol]),
    volumes: c.volumes.map((v) => [v.name, v.mountPath, v.hostPath ?? null, v.readOnly]),
    secrets: c.secrets.map((s) => [
      s.name,
      s.from.file ?? null,
      s.from.env ?? null,
      s.mountPath ?? null,
      s.envName ?? null,
      s.mode ?? null,
    ]),
    health: c.health
      ? { ...c.health, check: { ...c.health.check, loc: undefined }, port: c.health.port?.value ?? null }
      : null,
    resources: c.resources
      ? {
          requests: { cpu: c.resources.requests.cpu?.value, memory: c.resources.requests.memory?.value },
          limits: { cpu: c.resources.limits.cpu?.value, memory: c.resources.limits.memory?.value },
        }
      : null,
    replicas: replicasOf(c),
    restart: c.restart?.value ?? null,
    labels: c.labels,
    endpoint: p.endpoint ?? null,
  };
  const digest = createHash('sha256')
    .update(`${CONFIG_HASH_VERSION}\n${canonicalJson(shape)}`)
    .digest('hex');
  return `${CONFIG_HASH_VERSION}-${digest.slice(0, 16)}`;
}
