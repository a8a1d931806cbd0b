import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Pipeline } from '../../ir.js';
import type { PlanItem } from '../types.js';
import { APPLYSET, groupKind, parentKinds, parentName, parentObject, parentTool, TOOL } from './applyset.js';
import { ApiError, type KubeClient, type Obj, refOf } from './client.js';
import { changedFields, changeReason } from './compare.js';
import type { Desired, DesiredObject } from './desired.js';
import { type Found, listMembers, ownership } from './members.js';
import { apiDiagnostic, conflictList, type KubePlan, planItem, reading, type Step, Stop } from './steps.js';

/** What planning apply or diff needs. */
export interface PlanInput {
  readonly client: KubeClient;
  readonly p: Pipeline;
  readonly desired: Desired;
  readonly prune: boolean;
  readonly force: boolean;
  /** flowctl's version, for the ApplySet tooling annotation. */
  readonly version: string;
}

/** A plan: items in order, notes, diagnostics, and the steps execute runs (Plan.detail). */
export interface PlannedKube {
  readonly items: PlanItem[];
  readonly notes: string[];
  readonly diagnostics: Diagnostic[];
  readonly detail: KubePlan;
}

/**
 * Accumulates the plan: items and steps in three sections, so the ApplySet parent can be written
 * before the members (`pre`) and again after pruning (`post`).
 */
class Builder {
  readonly head: PlanItem[] = [];
  readonly body: PlanItem[] = [];
  readonly notes: string[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly pre: Step[] = [];
  readonly main: Step[] = [];
  readonly post: Step[] = [];

  add(item: PlanItem, step?: Step): void {
    this.body.push(item);
    if (step) this.main.push(step);
  }
}

interface Judged {
  readonly action: PlanItem['action'];
  readonly reason?: string;
}

/**
 * What applying `d` would do, decided by the server: a dry-run server-side apply (dryRun=All),
 * compared with the live object (see changedFields). A conflict is FC5505, or with
 * --force-conflicts a forced dry run whose reason names the fields taken over.
 */
async function judge(x: PlanInput, b: Builder, d: DesiredObject, live: Obj | undefined): Promise<Judged> {
  const fallback: Judged = { action: live ? 'update' : 'create' };
  let after: Obj;
  let forced = '';
  try {
    after = await x.client.apply(d.obj, { dryRun: true, force: false });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (!(e.code === 409 && e.conflicts.length > 0 && x.force)) {
      b.diagnostics.push(apiDiagnostic(e, 'apply', refOf(d.obj), d.loc));
      return { ...fallback, reason: e.code === 409 ? `conflict: ${conflictList(e.conflicts)}` : 'refused' };
    }
    forced = `takes over ${conflictList(e.conflicts)}`;
    after = await reading('apply', refOf(d.obj), () => x.client.apply(d.obj, { dryRun: true, force: true }));
  }
  if (!live) return fallback;
  const fields = changedFields(live, after);
  if (fields.length === 0) return { action: 'unchanged' };
  return { action: 'update', reason: [changeReason(fields), forced].filter((s) => s !== '').join('; ') };
}

/** One desired object: create, update, keep, or FC5506 when it exists and is not ours. */
async function planObject(x: PlanInput, b: Builder, d: DesiredObject, nsExists: boolean): Promise<void> {
  const { kind, metadata } = d.obj;
  const comp = d.component !== undefined ? { component: d.component } : {};
  const step: Step = {
    op: 'apply',
    item: planItem(kind, metadata.name, 'create', comp),
    obj: d.obj,
    ...(d.loc ? { loc: d.loc } : {}),
  };
  if (!nsExists) return b.add(step.item, step);
  const live = await reading('read', refOf(d.obj), () => x.client.get(refOf(d.obj)));
  if (live) {
    const own = ownership(live, x.p, x.desired.id);
    if (!own.mine) {
      const fix = 'delete or rename it, or change the pipeline so the names differ';
      b.diagnostics.push(
        diag(
          'FC5506',
          { kind, name: metadata.name, namespace: x.desired.namespace, owner: own.owner, fix },
          d.loc,
        ),
      );
      return b.add(planItem(kind, metadata.name, 'update', { ...comp, reason: `not ours: ${own.owner}` }));
    }
    const j = await judge(x, b, d, live);
    const reason = own.adopt ? ['adopt into the ApplySet', j.reason].filter(Boolean).join('; ') : j.reason;
    const item = planItem(kind, metadata.name, j.action, { ...comp, ...(reason ? { reason } : {}) });
    return b.add(item, j.action === 'unchanged' ? undefined : { ...step, item });
  }
  const j = await judge(x, b, d, undefined);
  const item = planItem(kind, metadata.name, 'create', {
    ...comp,
    ...(j.reason ? { reason: j.reason } : {}),
  });
  b.add(item, { ...step, item });
}

/** The Namespace: created when missing; changed only when flowctl created it. */
async function planNamespace(x: PlanInput, b: Builder): Promise<boolean> {
  const d = x.desired.namespaceObj;
  const live = await reading('read', refOf(d.obj), () => x.client.get(refOf(d.obj)));
  const name = d.obj.metadata.name;
  if (!live) {
    const item = planItem('Namespace', name, 'create');
    b.head.push(item);
    b.pre.push({ op: 'apply', item, obj: d.obj });
    b.notes.push(
      `namespace '${name}' does not exist yet: the server checks the objects in it when they are applied`,
    );
    return false;
  }
  if (!ownership(live, x.p, '').mine) {
    b.head.push(
      planItem('Namespace', name, 'unchanged', { reason: 'exists, not created by flowctl: used as is' }),
    );
    return true;
  }
  const j = await judge(x, b, d, live);
  const item = planItem('Namespace', name, j.action, j.reason ? { reason: j.reason } : {});
  b.head.push(item);
  if (j.action !== 'unchanged') b.pre.push({ op: 'apply', item, obj: d.obj });
  return true;
}

/** Referenced Secrets whose value this deployer did not provide: used as they are, or FC5006. */
async function planUnresolved(x: PlanInput, b: Builder, nsExists: boolean): Promise<Set<string>> {
  const kept = new Set<string>();
  for (const u of x.desired.unresolved) {
    const ref = { apiVersion: 'v1', kind: 'Secret', name: u.ref.name, namespace: x.desired.namespace };
    const live = nsExists ? await reading('read', ref, () => x.client.get(ref)) : undefined;
    if (live) {
      kept.add(`Secret/${u.ref.name}`);
      const reason = `exists; ${u.source} is not set here, so it is used as is`;
      b.add(planItem('Secret', u.ref.name, 'unchanged', { reason }));
    } else if (u.required) {
      const id = x.p.components.find((c) => c.secrets.some((s) => s.name === u.ref.secret))?.id ?? x.p.name;
      b.diagnostics.push(diag('FC5006', { name: u.ref.secret, id, source: u.source }, u.ref.loc));
    } else if (u.source !== 'no source')
      b.notes.push(
        `secret '${u.ref.secret}' is optional and ${u.source} is not set: Secret '${u.ref.name}' is not created`,
      );
  }
  return kept;
}

/** The ApplySet parent: written before the members (a superset of kinds) and after pruning (exact). */
function planParent(x: PlanInput, b: Builder, live: Obj | undefined, kinds: readonly string[]): void {
  const make = (k: readonly string[]) =>
    parentObject({
      pipeline: x.p.name,
      namespace: x.desired.namespace,
      id: x.desired.id,
      kinds: k,
      version: x.version,
    });
  const final = make(kinds);
  const superset = make([...kinds, ...parentKinds(live)]);
  const differs = (a: Obj | undefined, c: Obj) =>
    !a ||
    Object.entries(c.metadata.labels ?? {}).some(([k, v]) => a.metadata.labels?.[k] !== v) ||
    Object.entries(c.metadata.annotations ?? {}).some(([k, v]) => a.metadata.annotations?.[k] !== v);
  const action = !live ? 'create' : differs(live, final) ? 'update' : 'unchanged';
  const item = planItem('Secret', final.metadata.name, action, { reason: 'ApplySet parent' });
  b.head.push(item);
  const before = differs(live, superset) ? superset : undefined;
  if (before) b.pre.push({ op: 'apply', item, obj: before });
  if (differs(before ?? live, final)) b.post.push({ op: 'apply', item, obj: final });
}

/** Orphans: members no longer desired; deleted with --prune, else named in a note. */
function planOrphans(x: PlanInput, b: Builder, found: Found, keep: ReadonlySet<string>): string[] {
  const orphans = found.members.filter((o) => !keep.has(`${o.kind}/${o.metadata.name}`));
  b.notes.push(...found.notes);
  if (!x.prune) {
    if (orphans.length > 0)
      b.notes.push(
        `${orphans.length} object${orphans.length === 1 ? ' is' : 's are'} no longer in the pipeline and kept (${orphans.map((o) => `${o.kind} '${o.metadata.name}'`).join(', ')}); re-run with --prune to delete ${orphans.length === 1 ? 'it' : 'them'}`,
      );
    return [...new Set(orphans.map((o) => groupKind(o.apiVersion, o.kind)))];
  }
  for (const o of orphans) {
    const item = planItem(o.kind, o.metadata.name, 'delete', { reason: 'no longer in the pipeline' });
    b.add(item, { op: 'delete', item, ref: refOf(o) });
  }
  return [];
}

/**
 * The plan of apply and diff against the live cluster, reading only (GET, list, dry runs).
 * Items in apply order: Namespace, ApplySet parent, Secrets, the emitter's objects, then
 * deletions. Stop (an unreadable object) propagates to the caller.
 */
export async function planApply(x: PlanInput): Promise<PlannedKube> {
  const b = new Builder();
  const ns = x.desired.namespace;
  const nsExists = await planNamespace(x, b);
  const parentRef = { apiVersion: 'v1', kind: 'Secret', name: parentName(x.p.name), namespace: ns };
  const liveParent = nsExists ? await reading('read', parentRef, () => x.client.get(parentRef)) : undefined;
  if (liveParent && parentTool(liveParent) !== TOOL) {
    const tooling = liveParent.metadata.annotations?.[APPLYSET.tooling] ?? 'no tool';
    throw new Stop(diag('FC5511', { name: parentRef.name, namespace: ns, tooling }));
  }
  const kept = await planUnresolved(x, b, nsExists);
  const desiredKinds = x.desired.members.map((m) => m.groupKind);
  const found = liveParent
    ? await listMembers(x.client, liveParent, [...new Set(desiredKinds)], ns, x.desired.id)
    : { members: [], notes: [] };
  for (const d of x.desired.members) await planObject(x, b, d, nsExists);
  const keep = new Set([...kept, ...x.desired.members.map((m) => m.key)]);
  const keptKinds = planOrphans(x, b, found, keep);
  planParent(x, b, liveParent, [...desiredKinds, ...(kept.size > 0 ? ['Secret'] : []), ...keptKinds]);
  const items = [...b.head, ...b.body];
  const deployments = x.desired.members
    .filter((m) => m.obj.kind === 'Deployment')
    .map((m) => ({ name: m.obj.metadata.name, item: items.find((i) => i.key === m.key) as PlanItem }));
  return {
    items,
    notes: b.notes,
    diagnostics: b.diagnostics,
    detail: { namespace: ns, steps: [...b.pre, ...b.main, ...b.post], deployments },
  };
}
