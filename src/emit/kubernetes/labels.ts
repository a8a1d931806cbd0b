import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, type Component, type Loc, type Pipeline } from '../../ir.js';
import { configHash, LABEL } from '../labels.js';
import type { Ctx } from './context.js';
import { isLabelValue, labelKeyProblem, labelValue, prefixed } from './names.js';

/** The Kubernetes recommended labels (app.kubernetes.io/*) flowctl writes. */
export const K8S_LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: LABEL.managedBy,
} as const;

export const DESCRIPTION_ANNOTATION = 'flowctl.io/description';
export const RESOLVED_FROM_ANNOTATION = 'flowctl.io/resolved-from';
export const TYPE_ANNOTATION = 'flowctl.io/type';

const RESERVED = /^(app\.kubernetes\.io|flowctl\.io)\//;

export type StringMap = Record<string, string>;

/** The pipeline instance label value: the pipeline name, with --prefix when given. */
function instance(ctx: Ctx): string {
  return labelValue(prefixed(ctx.opts.prefix, ctx.p.name));
}

/**
 * Labels on objects that belong to the whole pipeline (Namespace, PersistentVolumeClaims):
 * the user's valid metadata.labels, then flowctl's, which win.
 */
export function pipelineLabels(ctx: Ctx): StringMap {
  return {
    ...ctx.userLabels.pipeline,
    [K8S_LABEL.instance]: instance(ctx),
    [K8S_LABEL.partOf]: labelValue(ctx.p.name),
    [K8S_LABEL.managedBy]: 'flowctl',
    [LABEL.pipeline]: labelValue(ctx.p.name),
  };
}

/**
 * Labels on every object of one component: pipeline labels, the component's own valid
 * labels, and the recommended and ownership labels for it (flowctl's win).
 */
export function componentLabels(ctx: Ctx, c: Component): StringMap {
  const hit = ctx.memo.labels.get(c);
  if (hit) return hit;
  const labels = {
    ...pipelineLabels(ctx),
    ...ctx.userLabels.components.get(c),
    ...selectorLabels(ctx, c),
    [K8S_LABEL.component]: labelValue(c.role),
    [K8S_LABEL.partOf]: labelValue(ctx.p.name),
    [K8S_LABEL.managedBy]: 'flowctl',
    [LABEL.pipeline]: labelValue(ctx.p.name),
    [LABEL.component]: labelValue(c.id),
    [LABEL.role]: labelValue(c.role),
  };
  ctx.memo.labels.set(c, labels);
  return labels;
}

/** Pod template labels: the component's labels plus the configuration hash (rolls pods on change). */
export function podLabels(ctx: Ctx, c: Component): StringMap {
  const hit = ctx.memo.podLabels.get(c);
  if (hit) return hit;
  const labels = { ...componentLabels(ctx, c), [LABEL.configHash]: configHash(ctx.p, c) };
  ctx.memo.podLabels.set(c, labels);
  return labels;
}

/**
 * The labels that select a component's pods: instance and name only. Both are fixed for the
 * life of the component (no hash), so selectors never change on re-apply.
 */
export function selectorLabels(ctx: Ctx, c: Component): StringMap {
  return { [K8S_LABEL.instance]: instance(ctx), [K8S_LABEL.name]: labelValue(c.id) };
}

/** Object metadata: name, namespace (when set), labels, and annotations when there are any. */
export function metadata(ctx: Ctx, name: string, labels: StringMap, annotations: StringMap = {}) {
  const all = { ...ctx.userLabels.annotations, ...annotations };
  return {
    name,
    ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
    labels,
    ...(Object.keys(all).length > 0 ? { annotations: all } : {}),
  };
}

/** The user's labels and annotations that Kubernetes accepts, checked once per emit. */
export interface UserLabels {
  readonly pipeline: StringMap;
  /** Pipeline annotations plus the description annotation. */
  readonly annotations: StringMap;
  readonly components: ReadonlyMap<Component, StringMap>;
}

/** Check every user label and annotation once; the invalid ones are reported and left out. */
export function checkUserLabels(p: Pipeline, diagnostics: Diagnostic[]): UserLabels {
  const meta = (k: string): Loc => ({ file: p.file, path: ['metadata', k] });
  const annotations = userMap(diagnostics, 'annotation', p.annotations, 'the pipeline', meta('annotations'));
  return {
    pipeline: userMap(diagnostics, 'label', p.labels, 'the pipeline', meta('labels')),
    annotations: { ...annotations, ...(p.description ? { [DESCRIPTION_ANNOTATION]: p.description } : {}) },
    components: new Map(
      p.components.map((c) => [c, userMap(diagnostics, 'label', c.labels, `'${c.id}'`, at(c.loc, 'labels'))]),
    ),
  };
}

/** The user's labels or annotations that Kubernetes accepts; the rest reported (FC4208/FC4209). */
function userMap(
  diagnostics: Diagnostic[],
  kind: 'label' | 'annotation',
  m: Readonly<StringMap>,
  owner: string,
  loc: Loc,
): StringMap {
  const out: StringMap = {};
  for (const key of Object.keys(m).sort()) {
    const value = m[key];
    const l = at(loc, key);
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) diagnostics.push(diag('FC4208', { kind, key, owner, reason: keyProblem }, l));
    else if (RESERVED.test(key)) diagnostics.push(diag('FC4209', { kind, key, owner }, l));
    else if (kind === 'label' && !isLabelValue(value))
      diagnostics.push(
        diag(
          'FC4208',
          {
            kind,
            key,
            owner,
            reason: `its value '${value}' is not at most 63 letters, digits, "-", "_" or "." beginning and ending with a letter or digit`,
          },
          l,
        ),
      );
    else out[key] = value;
  }
  return out;
}
