import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Loc } from '../../ir.js';
import type { PlanItem } from '../types.js';
import { ApiError, type FieldConflict, type Obj, type Ref } from './client.js';

/** One request of an execution, in order. Several steps may report to the same plan item. */
export type Step =
  | { readonly op: 'apply'; readonly item: PlanItem; readonly obj: Obj; readonly loc?: Loc }
  | { readonly op: 'delete'; readonly item: PlanItem; readonly ref: Ref; readonly loc?: Loc };

/** The kubernetes backend's private plan (Plan.detail). */
export interface KubePlan {
  readonly namespace: string;
  readonly steps: readonly Step[];
  /** Deployments to wait for with --wait, by name. */
  readonly deployments: readonly { readonly name: string; readonly item: PlanItem }[];
}

/** A plan item; `key` is `Kind/name`. */
export function planItem(
  kind: string,
  name: string,
  action: PlanItem['action'],
  o: { reason?: string; component?: string } = {},
): PlanItem {
  return {
    key: `${kind}/${name}`,
    kind,
    name,
    action,
    ...(o.component !== undefined ? { component: o.component } : {}),
    ...(o.reason !== undefined && o.reason !== '' ? { reason: o.reason } : {}),
  };
}

/** `.spec.replicas (kubectl), .metadata.labels.x (helm)`: fields with their managers, for messages. */
export function conflictList(conflicts: readonly FieldConflict[]): string {
  return conflicts.map((c) => `'${c.field}' owned by '${c.manager}'`).join(', ');
}

/** The diagnostic for an API error on one object: FC5505 for apply conflicts, else FC5504. */
export function apiDiagnostic(e: ApiError, action: string, ref: Ref, loc?: Loc): Diagnostic {
  if (e.code === 409 && e.conflicts.length > 0)
    return diag('FC5505', { kind: ref.kind, name: ref.name, fields: conflictList(e.conflicts) }, loc);
  return diag('FC5504', { action, kind: ref.kind, name: ref.name, cause: e.message }, loc);
}

/** Thrown inside planning to stop with one diagnostic (an API error that leaves no plan). */
export class Stop extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Run one read; an ApiError becomes Stop with FC5504 naming what was read. */
export async function reading<T>(action: string, ref: Ref, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError) throw new Stop(apiDiagnostic(e, action, ref));
    throw e;
  }
}
