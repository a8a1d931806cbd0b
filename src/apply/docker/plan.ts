import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import { LABEL } from '../../emit/labels.js';
import { topoOrder } from '../../check/graph.js';
import type { PlanItem } from '../types.js';
import type { DesiredContainer, DesiredState } from './desired.js';
import { APPLY_LABEL } from './names.js';
import type { ObservedState, SeenContainer } from './observe.js';

/** One container the plan touches: what exists now and what is wanted. */
export interface ContainerStep {
  readonly item: PlanItem;
  readonly desired?: DesiredContainer;
  readonly existing?: SeenContainer;
}

/** The docker backend's private plan: steps in execution order. */
export interface DockerPlan {
  /** The pipeline network (apply), or every network the pipeline owns (delete). */
  readonly networks: readonly {
    readonly item: PlanItem;
    readonly name: string;
    readonly id?: string;
    readonly labels?: Record<string, string>;
  }[];
  readonly volumes: readonly {
    readonly item: PlanItem;
    readonly name: string;
    readonly labels?: Record<string, string>;
  }[];
  /** Containers removed before anything starts (extra replicas, pruned orphans, delete). */
  readonly removals: readonly ContainerStep[];
  /** Components in topological order, each with its replicas' steps. */
  readonly components: readonly { readonly component: Component; readonly steps: readonly ContainerStep[] }[];
  /** Images to pull before the first change, with the first component that uses each. */
  readonly pulls: readonly { readonly image: string; readonly component: Component }[];
}

export interface PlannedDocker {
  readonly detail: DockerPlan;
  readonly items: PlanItem[];
  readonly notes: string[];
  readonly diagnostics: Diagnostic[];
}

const item = (
  kind: string,
  name: string,
  action: PlanItem['action'],
  reason?: string,
  component?: string,
): PlanItem => ({
  key: `${kind}/${name}`,
  kind,
  name,
  action,
  ...(component !== undefined ? { component } : {}),
  ...(reason !== undefined ? { reason } : {}),
});

function ownerOf(c: SeenContainer | { labels: Readonly<Record<string, string>> }, pipeline: string): string {
  const other = c.labels[LABEL.pipeline];
  if (other === undefined) return 'an object flowctl does not own';
  if (other !== pipeline) return `pipeline '${other}'`;
  return 'an object not created by flowctl apply (docker-compose?)';
}

/** Why an existing owned container must be recreated, or undefined when it matches. */
function changeReason(d: DesiredContainer, e: SeenContainer, observed: ObservedState): string | undefined {
  if (e.labels[APPLY_LABEL.specHash] !== d.specHash)
    return e.labels[LABEL.configHash] !== d.configHash
      ? 'configuration changed'
      : 'wiring or secrets changed';
  const img = observed.images.get(d.image);
  if (img === undefined) return `image '${d.image}' will be pulled`;
  if (img !== e.imageId) return `image '${d.image}' changed`;
  if (e.state !== 'running') return `not running (${e.state})`;
  return undefined;
}

function hostPortHolders(observed: ObservedState, freed: ReadonlySet<string>): Map<number, string> {
  const held = new Map<number, string>();
  for (const c of observed.containers)
    if (!freed.has(c.id) && c.state === 'running') for (const p of c.publicPorts) held.set(p, c.name);
  return held;
}

/**
 * The plan of `apply` (and `diff`): compare desired with observed, owned objects only.
 * Unchanged running containers are kept (same ids); changed ones are recreated; replicas no
 * longer wanted are removed; containers of components no longer in the pipeline are removed
 * only with `prune` (else named in a note). Name clashes with objects flowctl does not own and
 * host ports held by other containers are FC5004/FC5005, found before any change.
 */
export function planApply(
  p: Pipeline,
  desired: DesiredState,
  observed: ObservedState,
  prune: boolean,
): PlannedDocker {
  const diags: Diagnostic[] = [];
  const notes: string[] = [];
  const owned = observed.containers.filter((c) => c.owned);
  const byName = new Map(observed.containers.map((c) => [c.name, c] as const));
  const net = observed.networks.find((n) => n.name === desired.network.name);
  if (net && !net.owned)
    diags.push(diag('FC5004', { kind: 'network', name: net.name, owner: ownerOf(net, p.name) }, p.nameLoc));
  const network = {
    item: item('network', desired.network.name, net ? 'unchanged' : 'create'),
    name: desired.network.name,
    labels: desired.network.labels,
    ...(net ? { id: net.id } : {}),
  };
  const volumes = desired.volumes.map((v) => {
    const seen = observed.volumes.find((x) => x.name === v.name);
    if (seen && !seen.owned)
      return {
        item: item('volume', v.name, 'unchanged', 'exists, not created by flowctl: used, and kept on delete'),
        name: v.name,
      };
    return { item: item('volume', v.name, seen ? 'unchanged' : 'create'), name: v.name, labels: v.labels };
  });
  const wanted = new Set(desired.components.flatMap((x) => x.containers.map((c) => c.name)));
  const ids = new Set(p.components.map((c) => c.id));
  const removals: ContainerStep[] = [];
  for (const e of owned) {
    if (wanted.has(e.name)) continue;
    const comp = e.labels[LABEL.component];
    if (comp !== undefined && ids.has(comp))
      removals.push({
        item: item('container', e.name, 'delete', 'replica no longer wanted', comp),
        existing: e,
      });
    else if (prune)
      removals.push({
        item: item('container', e.name, 'delete', 'no longer in the pipeline', comp),
        existing: e,
      });
    else notes.push(`container '${e.name}' is no longer in the pipeline; apply --prune removes it`);
  }
  const order = topoOrder(p);
  const byComponent = new Map(desired.components.map((x) => [x.component.id, x.containers] as const));
  const components = order.map((component) => ({
    component,
    steps: (byComponent.get(component.id) ?? []).map((d): ContainerStep => {
      const e = byName.get(d.name);
      if (e && !e.owned) {
        diags.push(
          diag('FC5004', { kind: 'container', name: d.name, owner: ownerOf(e, p.name) }, component.loc),
        );
        return { item: item('container', d.name, 'create', undefined, component.id), desired: d };
      }
      if (!e) return { item: item('container', d.name, 'create', undefined, component.id), desired: d };
      const why = changeReason(d, e, observed);
      return {
        item: item('container', d.name, why ? 'update' : 'unchanged', why, component.id),
        desired: d,
        existing: e,
      };
    }),
  }));
  const freed = new Set([
    ...removals.map((r) => r.existing!.id),
    ...components.flatMap((c) =>
      c.steps.filter((s) => s.item.action === 'update').map((s) => s.existing!.id),
    ),
  ]);
  const held = hostPortHolders(observed, freed);
  for (const { component, steps } of components)
    for (const s of steps)
      if (s.item.action === 'create' || s.item.action === 'update')
        for (const port of s.desired!.hostPorts) {
          const by = held.get(port);
          if (by !== undefined && by !== s.desired!.name) {
            const loc = component.ports.find((x) => x.hostPort === port)?.loc ?? component.loc;
            diags.push(diag('FC5005', { port, id: component.id, by: ` by container '${by}'` }, loc));
          }
        }
  const pulls: { image: string; component: Component }[] = [];
  for (const { component, steps } of components) {
    const img = steps[0]?.desired?.image;
    if (img !== undefined && !observed.images.has(img) && !pulls.some((x) => x.image === img)) {
      pulls.push({ image: img, component });
      notes.push(`image '${img}' is not present and will be pulled`);
    }
  }
  const items = [
    network.item,
    ...volumes.map((v) => v.item),
    ...removals.map((r) => r.item),
    ...components.flatMap((c) => c.steps.map((s) => s.item)),
  ];
  return {
    detail: { networks: [network], volumes, removals, components, pulls },
    items,
    notes,
    diagnostics: diags,
  };
}

/**
 * The plan of `delete`: every container, network and volume owned by the pipeline (labels),
 * whether or not it is still in the pipeline file. Containers go first, downstream before
 * upstream; then the network; then volumes flowctl created (their data is lost, and the plan
 * says so). Nothing else is listed.
 */
export function planDelete(p: Pipeline, observed: ObservedState): PlannedDocker {
  const rank = new Map(topoOrder(p).map((c, i) => [c.id, i] as const));
  const owned = observed.containers
    .filter((c) => c.owned)
    .sort((a, b) => {
      const ra = rank.get(a.labels[LABEL.component] ?? '') ?? Number.MAX_SAFE_INTEGER;
      const rb = rank.get(b.labels[LABEL.component] ?? '') ?? Number.MAX_SAFE_INTEGER;
      return rb - ra || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
  const removals = owned.map(
    (e): ContainerStep => ({
      item: item('container', e.name, 'delete', undefined, e.labels[LABEL.component]),
      existing: e,
    }),
  );
  const nets = observed.networks.filter((n) => n.owned);
  const vols = observed.volumes.filter((v) => v.owned);
  const netItems = nets.map((n) => ({ item: item('network', n.name, 'delete'), name: n.name, id: n.id }));
  const volItems = vols.map((v) => ({
    item: item('volume', v.name, 'delete', 'created by flowctl apply; its data is lost'),
    name: v.name,
  }));
  return {
    detail: { networks: netItems, volumes: volItems, removals, components: [], pulls: [] },
    items: [...removals.map((r) => r.item), ...netItems.map((n) => n.item), ...volItems.map((v) => v.item)],
    notes: [],
    diagnostics: [],
  };
}
