import type { Component, Pipeline, Port } from '../../ir.js';
import { dnsLabel } from '../names.js';
import type { EmitOptions } from '../types.js';
import { dataPort } from '../wiring.js';

/** `--prefix` joined to a name with '-' unless it already ends in '-' (as every target does). */
export function prefixed(prefix: string | undefined, name: string): string {
  return !prefix ? name : prefix.endsWith('-') ? `${prefix}${name}` : `${prefix}-${name}`;
}

/** The job id: the pipeline name with --prefix, as a DNS-1123 label. */
export function jobName(p: Pipeline, opts: EmitOptions): string {
  return dnsLabel(prefixed(opts.prefix, p.name));
}

/**
 * A component's Nomad service name. Services share one catalog per namespace across jobs, so the
 * name carries the job too: `<job>-<id>` as a DNS-1123 label (63 characters), with the job part
 * cut to 31 characters first so that the component id stays readable; a hash suffix keeps
 * shortened names unique.
 */
export function serviceName(p: Pipeline, c: Component, opts: EmitOptions): string {
  return dnsLabel(`${dnsLabel(jobName(p, opts), 31)}-${c.id}`);
}

/**
 * Nomad meta keys: Nomad turns every character outside [A-Za-z0-9_.] into '_', so flowctl writes
 * the key Nomad will store (`flowctl.io/pipeline` → `flowctl.io_pipeline`).
 */
export function metaKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.]/g, '_');
}

/** A port's label (it names NOMAD_PORT_<label>): the port name or `port_<n>`, as [a-z0-9_]. */
function rawLabel(port: Port): string {
  const base = (port.name ?? `port_${port.containerPort}`).toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(base) ? base : `p_${base}`;
}

export interface PortPlan {
  readonly label: string;
  readonly port: Port | undefined;
  /** Container port, or the health port when it is not among the declared ports. */
  readonly containerPort: number;
}

/**
 * Labels for every port of a component (unique, in declared order), plus a `health` port when
 * the health check listens on a port that is not declared. Returns the data port's label and the
 * health check's label too.
 */
export function planPorts(c: Component): { ports: PortPlan[]; data?: string; health?: string } {
  const used = new Set<string>();
  const ports: PortPlan[] = c.ports.map((port) => {
    let label = rawLabel(port);
    for (let i = 2; used.has(label); i++) label = `${rawLabel(port)}_${i}`;
    used.add(label);
    return { label, port, containerPort: port.containerPort };
  });
  const dp = dataPort(c);
  const data = dp ? ports.find((x) => x.port === dp)?.label : undefined;
  const hc = c.health?.check;
  const hp = hc && hc.kind !== 'command' ? (hc.port ?? c.health?.port?.value) : undefined;
  let health: string | undefined;
  if (hp !== undefined) {
    health = ports.find((x) => x.containerPort === hp)?.label;
    if (!health) {
      let label = 'health';
      for (let i = 2; used.has(label); i++) label = `health_${i}`;
      ports.push({ label, port: undefined, containerPort: hp });
      health = label;
    }
  }
  return { ports, ...(data ? { data } : {}), ...(health ? { health } : {}) };
}
