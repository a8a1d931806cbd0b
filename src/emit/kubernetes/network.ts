import { diag } from '../../diagnostics/catalog/index.js';
import type { Component, Port } from '../../ir.js';
import { type Ctx, workloadName } from './context.js';
import { componentLabels, metadata, selectorLabels } from './labels.js';
import { PORT_NAME } from './names.js';
import type {
  IContainerPort,
  INetworkPolicy,
  INetworkPolicyIngressRule,
  IService,
  IServicePort,
} from './types.js';

/** A declared port with the Kubernetes name it is written under. */
export interface NamedPort {
  readonly port: Port;
  readonly name: string;
  readonly protocol: 'TCP' | 'UDP';
}

/**
 * Names for a component's ports: the written name when Kubernetes accepts it (at most 15
 * characters, see PORT_NAME) and no earlier port took it, else `<protocol>-<port>`, with an
 * FC4210 note when a written name had to be replaced. Order of `ports` is kept.
 */
export function namedPorts(ctx: Ctx, c: Component): NamedPort[] {
  const used = new Set<string>();
  return c.ports.map((port) => {
    const generated = `${port.protocol}-${port.containerPort}`;
    let name = port.name ?? generated;
    if (name.length > 15 || !PORT_NAME.test(name) || used.has(name)) {
      if (port.name !== undefined)
        ctx.diagnostics.push(
          diag('FC4210', { port: port.containerPort, id: c.id, name: port.name, used: generated }, port.loc),
        );
      name = generated;
    }
    used.add(name);
    return { port, name, protocol: port.protocol === 'udp' ? 'UDP' : 'TCP' };
  });
}

/** The container's `ports`: every declared port, with its hostPort when one is given. */
export function containerPorts(ports: readonly NamedPort[]): IContainerPort[] {
  return ports.map(({ port, name, protocol }) => ({
    name,
    containerPort: port.containerPort,
    protocol,
    ...(port.hostPort !== undefined ? { hostPort: port.hostPort } : {}),
  }));
}

/**
 * The Service of a component, named like its Deployment: ClusterIP over its ports; or, for a
 * component without ports that others read from, a headless Service (clusterIP None, no
 * ports), whose DNS name resolves to the pods' addresses as a Compose service name does.
 * Components with neither get none.
 */
export function service(ctx: Ctx, c: Component, ports: readonly NamedPort[]): IService | undefined {
  if (ports.length === 0) {
    if (!ctx.consumers.has(c.id)) return undefined;
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(ctx, workloadName(ctx, c), componentLabels(ctx, c)),
      spec: { clusterIP: 'None', selector: selectorLabels(ctx, c) },
    };
  }
  const servicePorts: IServicePort[] = ports.map(({ port, name, protocol }) => ({
    name,
    port: port.containerPort,
    targetPort: port.containerPort,
    protocol,
  }));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(ctx, workloadName(ctx, c), componentLabels(ctx, c)),
    spec: { type: 'ClusterIP', selector: selectorLabels(ctx, c), ports: servicePorts },
  };
}

/**
 * A NetworkPolicy that admits ingress to a component only from the pods of the components
 * that list it as an input (on its declared ports, or any port when it declares none), plus
 * traffic from anywhere to ports published with a hostPort. A component that nobody reads
 * from and that publishes no hostPort gets an empty ingress list: all ingress is denied.
 * Egress is not restricted. Kubelet probes come from the node and are always allowed.
 */
export function networkPolicy(ctx: Ctx, c: Component, ports: readonly NamedPort[]): INetworkPolicy {
  const consumers = ctx.consumers.get(c.id) ?? [];
  const rules: INetworkPolicyIngressRule[] = [];
  const policyPorts = (list: readonly NamedPort[]) =>
    list.map(({ port, protocol }) => ({ port: port.containerPort, protocol }));
  if (consumers.length > 0)
    rules.push({
      from: [...consumers]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((x) => ({ podSelector: { matchLabels: selectorLabels(ctx, x) } })),
      ...(ports.length > 0 ? { ports: policyPorts(ports) } : {}),
    });
  const published = ports.filter((p) => p.port.hostPort !== undefined);
  if (published.length > 0) rules.push({ ports: policyPorts(published) });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(ctx, workloadName(ctx, c), componentLabels(ctx, c)),
    spec: { podSelector: { matchLabels: selectorLabels(ctx, c) }, policyTypes: ['Ingress'], ingress: rules },
  };
}
