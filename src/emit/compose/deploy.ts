import { memoryBytes } from '../../check/rules/quantities.js';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, ResourceSet } from '../../ir.js';
import { factLoc } from './project.js';

/**
 * CPU cores in Compose notation from a Kubernetes quantity, by exact decimal arithmetic:
 * `250m` → `0.25`, `1500m` → `1.5`, `2` → `2`.
 */
export function cpus(q: string): string {
  const milli = q.endsWith('m');
  let [int = '', frac = ''] = (milli ? q.slice(0, -1) : q).split('.');
  if (milli) {
    const padded = int.padStart(4, '0');
    frac = padded.slice(-3) + frac;
    int = padded.slice(0, -3);
  }
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

const UNITS: readonly [string, number][] = [
  ['g', 1024 ** 3],
  ['m', 1024 ** 2],
  ['k', 1024],
];

/**
 * Memory in Docker notation from a Kubernetes quantity: binary units that divide evenly
 * (`128Mi` → `128m`, `1Gi` → `1g`), else whole bytes (`1G` → `1000000000`), rounded up.
 */
export function memory(q: string): string {
  const bytes = Math.ceil(memoryBytes(q));
  for (const [unit, size] of UNITS) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

function resourceSet(s: ResourceSet): Record<string, string> | undefined {
  if (!s.cpu && !s.memory) return undefined;
  return {
    ...(s.cpu ? { cpus: cpus(s.cpu.value) } : {}),
    ...(s.memory ? { memory: memory(s.memory.value) } : {}),
  };
}

/** Replicas compose runs: `replicas`, else the autoscaling minimum, else unset (one). */
export function composeReplicas(c: Component): number | undefined {
  return c.replicas?.value ?? c.autoscaling?.minReplicas;
}

/**
 * `deploy:` of a service: replicas and resources (limits → limits, requests → reservations).
 * Autoscaling is reported (FC4001): compose runs a fixed number of replicas. A CPU request is
 * written but docker-compose does not enforce it (FC4103).
 */
export function deploy(c: Component, diags: Diagnostic[]): Record<string, unknown> | undefined {
  const replicas = composeReplicas(c);
  if (c.autoscaling)
    diags.push(
      diag(
        'FC4001',
        {
          field: 'autoscaling',
          id: c.id,
          target: 'compose',
          reason: `compose does not scale with load, so it runs a fixed ${replicas} replica(s) (deploy.replicas)`,
        },
        factLoc(c, c.autoscaling.loc),
      ),
    );
  const r = c.resources;
  const limits = r ? resourceSet(r.limits) : undefined;
  const reservations = r ? resourceSet(r.requests) : undefined;
  if (r?.requests.cpu)
    diags.push(
      diag(
        'FC4103',
        {
          field: 'resources.requests.cpu',
          id: c.id,
          reason:
            'docker-compose outside swarm ignores deploy.resources.reservations.cpus; set resources.limits.cpu to bound CPU use',
        },
        factLoc(c, r.requests.cpu.loc),
      ),
    );
  const resources = limits || reservations ? { limits, reservations } : undefined;
  if (replicas === undefined && !resources) return undefined;
  return { replicas, resources };
}

/**
 * `ports:` (published, long syntax with protocol) and `expose:` (`PORT/PROTOCOL`, reachable on
 * the pipeline network only). A host port cannot be published by more than one replica: it is
 * then exposed only, and reported (FC4001).
 */
export function ports(
  c: Component,
  diags: Diagnostic[],
): { ports?: Record<string, unknown>[]; expose?: string[] } {
  const published: Record<string, unknown>[] = [];
  const expose: string[] = [];
  const replicas = composeReplicas(c) ?? 1;
  c.ports.forEach((p, i) => {
    if (p.hostPort !== undefined && replicas <= 1) {
      published.push({ target: p.containerPort, published: p.hostPort, protocol: p.protocol });
      return;
    }
    if (p.hostPort !== undefined)
      diags.push(
        diag(
          'FC4001',
          {
            field: `ports[${i}].hostPort`,
            id: c.id,
            target: 'compose',
            reason: `${replicas} replicas cannot all publish host port ${p.hostPort}, so port ${p.containerPort} is only reachable on the pipeline network; use one replica or drop hostPort`,
          },
          factLoc(c, p.loc),
        ),
      );
    expose.push(`${p.containerPort}/${p.protocol}`);
  });
  return {
    ...(published.length > 0 ? { ports: published } : {}),
    ...(expose.length > 0 ? { expose } : {}),
  };
}
