import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import type { EmitOptions } from '../types.js';
import { indexById } from '../wiring.js';
import { checkUserLabels, type UserLabels } from './labels.js';
import { NameTable, objectName } from './names.js';

/** The target name as diagnostics print it. */
export const TARGET = 'kubernetes';

/** What every builder of the kubernetes emitter reads; computed once per emit. */
export interface Ctx {
  readonly p: Pipeline;
  readonly opts: EmitOptions;
  /** --namespace, else metadata.namespace; undefined means "the deployer's current namespace". */
  readonly namespace?: string;
  readonly byId: ReadonlyMap<string, Component>;
  /** Components that list each id as an input, in pipeline order, each once. */
  readonly consumers: ReadonlyMap<string, readonly Component[]>;
  readonly names: NameTable;
  readonly userLabels: UserLabels;
  /** Labels computed once per component (objects share them; serialisation copies). */
  readonly memo: {
    readonly labels: Map<Component, Record<string, string>>;
    readonly podLabels: Map<Component, Record<string, string>>;
  };
  readonly diagnostics: Diagnostic[];
}

export function makeCtx(p: Pipeline, opts: EmitOptions): Ctx {
  const diagnostics: Diagnostic[] = [];
  const byId = indexById(p);
  const consumers = new Map<string, Component[]>();
  for (const c of p.components) {
    for (const input of c.inputs) {
      const list = consumers.get(input.value) ?? [];
      if (!list.includes(c)) list.push(c);
      consumers.set(input.value, list);
    }
  }
  const namespace = opts.namespace ?? p.namespace;
  return {
    p,
    opts,
    ...(namespace ? { namespace } : {}),
    byId,
    consumers,
    names: new NameTable(diagnostics),
    userLabels: checkUserLabels(p, diagnostics),
    memo: { labels: new Map(), podLabels: new Map() },
    diagnostics,
  };
}

/** Name of the Deployment, Service, HPA and NetworkPolicy of a component. */
export function workloadName(ctx: Ctx, c: Component): string {
  return objectName(ctx.opts.prefix, c.id);
}

/**
 * How other pods reach a component: its Service's cluster DNS name and data port. With a
 * namespace the fully qualified `<svc>.<ns>.svc.cluster.local`, else the bare Service name,
 * which resolves inside whatever namespace the manifests are applied to.
 */
export function serviceHost(ctx: Ctx, c: Component): string {
  const svc = workloadName(ctx, c);
  return ctx.namespace ? `${svc}.${ctx.namespace}.svc.cluster.local` : svc;
}
