import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { type Component, type Pipeline, replicasOf } from '../../ir.js';
import { healthPort } from '../../normalize/fields.js';

const TARGET = 'local';

/**
 * Facts of the pipeline the local target cannot carry, each reported once with the field,
 * the component and the target (FC4001), in component order. Facts it does carry, or reports
 * where it builds them (volumes, secrets, env), are not repeated here.
 */
export function notCarried(p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (p.config.length > 0)
    out.push(
      diag(
        'FC4001',
        {
          field: 'spec.config',
          id: p.name,
          target: TARGET,
          reason: 'pipeline-wide config reaches no component; put the keys in each component config',
        },
        p.config[0].loc,
      ),
    );
  for (const c of p.components) {
    const warn = (field: string, reason: string, loc = c.loc) =>
      out.push(diag('FC4001', { field, id: c.id, target: TARGET, reason }, loc));
    if (replicasOf(c) > 1)
      warn('replicas', `one process runs instead of ${replicasOf(c)}`, c.replicas?.loc ?? c.loc);
    if (c.autoscaling) warn('autoscaling', 'one process runs, with no autoscaler', c.autoscaling.loc);
    const limits = resourceLocs(c);
    if (limits.length > 0) warn('resources', 'local processes run without CPU or memory limits', limits[0]);
    if (Object.keys(c.labels).length > 0)
      warn('labels', 'local processes carry no labels; the pid and state files identify them', c.loc);
  }
  return out;
}

function resourceLocs(c: Component) {
  const r = c.resources;
  if (!r) return [];
  return [r.requests.cpu, r.requests.memory, r.limits.cpu, r.limits.memory]
    .filter((x) => x !== undefined)
    .map((x) => x.loc);
}

/**
 * The loopback ports a component listens on: its declared containerPorts (TCP and UDP) and its
 * health port, each once, in declaration order.
 */
export function listenPorts(c: Component): { port: number; proto: 'tcp' | 'udp'; loc: Component['loc'] }[] {
  const out = c.ports.map((x) => ({ port: x.containerPort, proto: x.protocol, loc: x.loc }));
  const hp = c.health ? healthPort(c.health, c.ports) : undefined;
  if (hp !== undefined && !out.some((x) => x.port === hp && x.proto === 'tcp'))
    out.push({ port: hp, proto: 'tcp', loc: c.health?.port?.loc ?? c.health?.check.loc ?? c.loc });
  return out;
}

/**
 * FC4403 for every loopback port two components would both listen on, and FC4409 for each
 * hostPort that differs from its containerPort (a local process has no port mapping).
 */
export function portDiagnostics(p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const owner = new Map<string, Component>();
  for (const c of p.components) {
    for (const x of c.ports)
      if (x.hostPort !== undefined && x.hostPort !== x.containerPort)
        out.push(diag('FC4409', { id: c.id, hostPort: x.hostPort, containerPort: x.containerPort }, x.loc));
    for (const x of listenPorts(c)) {
      const key = `${x.proto}/${x.port}`;
      const prev = owner.get(key);
      if (prev && prev.id !== c.id)
        out.push(
          diag('FC4403', { id: c.id, other: prev.id, port: x.port }, x.loc, [
            { message: `'${prev.id}' is defined here`, loc: prev.loc },
          ]),
        );
      else if (!prev) owner.set(key, c);
    }
  }
  return out;
}
