import type Dockerode from 'dockerode';
import { upstreamOf } from '../../check/graph.js';
import { diag } from '../../diagnostics/catalog/index.js';
import type { Component, Pipeline } from '../../ir.js';
import type { ApplyResult, BackendContext, PlanItem } from '../types.js';
import { classify, DaemonLost, daemonMessage, statusOf } from './connect.js';
import { createOnly, removeContainer, startCreated } from './containers.js';
import { limiter } from '../limit.js';
import { Outcomes } from './outcomes.js';
import type { ContainerStep, DockerPlan } from './plan.js';
import { PullError, pullImage } from './pull.js';
import { waitReady } from './wait.js';

/** How long a component without a health check must keep running under --wait. */
export const SETTLE_MS = 1000;

export interface ExecContext {
  readonly docker: Dockerode;
  readonly p: Pipeline;
  readonly ctx: BackendContext;
  readonly host: string;
}

/** Run `fn`; a lost daemon is recorded and reported as `false`, other errors as FC5012 on the item. */
async function guarded(
  x: ExecContext,
  out: Outcomes,
  item: PlanItem,
  action: string,
  fn: () => Promise<boolean>,
) {
  if (out.lost) return false;
  try {
    return await fn();
  } catch (e) {
    const err = classify(e);
    if (err instanceof DaemonLost) out.daemonLost(err, x.host, item);
    else
      out.fail(item, {
        error: `${action} failed: ${daemonMessage(e)}`,
        diagnostic: diag('FC5012', { action, name: item.name, cause: daemonMessage(e) }),
      });
    return false;
  }
}

async function pullAll(x: ExecContext, plan: DockerPlan, out: Outcomes): Promise<boolean> {
  for (const { image, component } of plan.pulls) {
    x.ctx.progress(`pulling image '${image}' for '${component.id}'`);
    try {
      await pullImage(x.docker, image, x.ctx.progress);
    } catch (e) {
      if (e instanceof PullError) {
        out.diagnostics.push(
          diag('FC5003', { image, id: component.id, cause: e.message }, component.image?.loc),
        );
        return false;
      }
      const err = classify(e);
      if (err instanceof DaemonLost) out.daemonLost(err, x.host);
      else
        out.diagnostics.push(
          diag('FC5003', { image, id: component.id, cause: daemonMessage(e) }, component.image?.loc),
        );
      return false;
    }
  }
  return true;
}

async function removeSteps(x: ExecContext, steps: readonly ContainerStep[], out: Outcomes): Promise<boolean> {
  const results = await Promise.all(
    steps.map((s) =>
      guarded(x, out, s.item, 'remove', async () => {
        x.ctx.progress(`removing container ${s.item.name}`);
        const f = await removeContainer(x.docker, s.existing!.id, s.item.name);
        if (f) out.fail(s.item, f);
        else out.set(s.item, 'changed');
        return f === undefined;
      }),
    ),
  );
  return results.every(Boolean);
}

const willStart = (s: ContainerStep) => s.item.action === 'create' || s.item.action === 'update';

/** How many containers are created at once (the daemon copies the image per container). */
export const CREATE_CONCURRENCY = 3;

/** A container being created: resolves to it, or to undefined when creating failed (recorded). */
type Creation = Promise<Dockerode.Container | undefined>;

/**
 * Replace and create every container that will start, in topological order, a few at a time,
 * without waiting for anything to start: creating does not depend on the order, starting does,
 * so a component starts as soon as its own containers exist and its inputs are ready.
 */
function prepare(x: ExecContext, plan: DockerPlan, out: Outcomes): Map<string, Creation> {
  const created = new Map<string, Creation>();
  const limit = limiter(CREATE_CONCURRENCY);
  for (const s of plan.components.flatMap((c) => c.steps.filter(willStart))) {
    let container: Dockerode.Container | undefined;
    const ok = limit(() =>
      guarded(x, out, s.item, 'create', async () => {
        if (s.item.action === 'update') {
          x.ctx.progress(`replacing container ${s.item.name} (${s.item.reason ?? 'changed'})`);
          const f = await removeContainer(x.docker, s.existing!.id, s.item.name);
          if (f) return out.fail(s.item, f);
        } else x.ctx.progress(`creating container ${s.item.name}`);
        const r = await createOnly(x.docker, s.desired!);
        if ('error' in r) return out.fail(s.item, r);
        container = r.container;
        return true;
      }),
    );
    created.set(
      s.item.key,
      ok.then(() => container),
    );
  }
  return created;
}

/** Remove containers that were created but will not start (best effort; the next apply replaces leftovers). */
async function discard(containers: readonly Dockerode.Container[]): Promise<void> {
  await Promise.all(containers.map((c) => c.remove({ force: true, v: true }).catch(() => undefined)));
}

/**
 * Whether an unchanged container was ready when the plan listed it (running, and healthy when
 * it has a check): then its dependents need not wait on another request (re-apply stays cheap).
 */
function seenReady(s: ContainerStep): boolean {
  const e = s.existing;
  if (e?.state !== 'running') return false;
  return !s.desired!.hasHealth || /\(healthy\)/.test(e.status);
}

/**
 * Whether an apply plan needs no request at all: no pull, no change, and every container seen
 * ready in the plan (with --wait, one more look is always taken).
 */
export function nothingToDo(plan: DockerPlan, wait: boolean): boolean {
  if (wait || plan.pulls.length > 0 || plan.removals.length > 0) return false;
  if ([...plan.networks, ...plan.volumes].some((o) => o.item.action !== 'unchanged')) return false;
  return plan.components.every((c) => c.steps.every((s) => s.item.action === 'unchanged' && seenReady(s)));
}

/** Phase 2 for one component: start its created replicas, then wait for them when asked to. */
async function startComponent(
  x: ExecContext,
  c: Component,
  steps: readonly ContainerStep[],
  created: ReadonlyMap<string, Creation>,
  mustWait: boolean,
  out: Outcomes,
  deadline: number,
): Promise<boolean> {
  const started = await Promise.all(
    steps.map((s) =>
      guarded(x, out, s.item, 'start', async () => {
        const creation = created.get(s.item.key);
        if (!creation) return true;
        const container = await creation;
        if (!container) return false;
        x.ctx.progress(`starting container ${s.item.name}`);
        const f = await startCreated(container, s.desired!);
        return f ? out.fail(s.item, f) : true;
      }),
    ),
  );
  if (!started.every(Boolean)) return false;
  if (mustWait && steps.length > 0)
    x.ctx.progress(`waiting for '${c.id}' to be ${steps[0].desired!.hasHealth ? 'healthy' : 'running'}`);
  const ready = await Promise.all(
    steps.map((s) =>
      guarded(x, out, s.item, 'inspect', async () => {
        if (mustWait && !(s.item.action === 'unchanged' && !x.ctx.wait && seenReady(s))) {
          const nr = await waitReady(x.docker.getContainer(s.desired!.name), {
            component: c,
            hasHealth: s.desired!.hasHealth,
            deadline,
            timeoutMs: x.ctx.timeoutMs,
            settleMs: x.ctx.wait && !s.desired!.hasHealth ? SETTLE_MS : 0,
            progress: x.ctx.progress,
          });
          if (nr) return out.fail(s.item, nr);
        }
        out.set(s.item, s.item.action === 'unchanged' ? 'unchanged' : 'changed');
        return true;
      }),
    ),
  );
  if (ready.every(Boolean) && mustWait) x.ctx.progress(`'${c.id}' is ready`);
  return ready.every(Boolean);
}

/** A component that will not start: remove what was created for it; its items stay not attempted. */
async function skipComponent(
  steps: readonly ContainerStep[],
  created: ReadonlyMap<string, Creation>,
  out: Outcomes,
): Promise<false> {
  const mine = await Promise.all(steps.map(async (s) => ({ s, container: await created.get(s.item.key) })));
  const left = mine.filter((m) => m.container !== undefined);
  if (out.lost) for (const m of left) out.note(m.s.item, 'created, not started');
  else await discard(left.map((m) => m.container!));
  return false;
}

/**
 * Carry out an apply plan: pull missing images (before any change), create the network and
 * volumes, remove what goes, then start components in topological order, each once its inputs
 * are ready (healthy, or running without a health check). Independent components run in
 * parallel. A lost daemon stops everything not yet started; every item ends up changed,
 * unchanged, failed or not attempted.
 */
export async function executeApply(
  x: ExecContext,
  plan: DockerPlan,
  items: readonly PlanItem[],
): Promise<ApplyResult> {
  const out = new Outcomes(items);
  const deadline = Date.now() + x.ctx.timeoutMs;
  if (!(await pullAll(x, plan, out))) return out.result();
  for (const n of plan.networks) {
    const ok = await guarded(x, out, n.item, 'create network', async () => {
      if (n.item.action === 'create') {
        x.ctx.progress(`creating network ${n.name}`);
        await x.docker.createNetwork({
          Name: n.name,
          Driver: 'bridge',
          Labels: n.labels ?? {},
          CheckDuplicate: true,
        });
        out.set(n.item, 'changed');
      } else out.set(n.item, 'unchanged');
      return true;
    });
    if (!ok) return out.result();
  }
  for (const v of plan.volumes) {
    const ok = await guarded(x, out, v.item, 'create volume', async () => {
      if (v.item.action === 'create') await x.docker.createVolume({ Name: v.name, Labels: v.labels ?? {} });
      out.set(v.item, v.item.action === 'create' ? 'changed' : 'unchanged');
      return true;
    });
    if (!ok) return out.result();
  }
  if (!(await removeSteps(x, plan.removals, out))) return out.result();
  const created = prepare(x, plan, out);
  const known = new Set(x.p.components.map((c) => c.id));
  const downstream = new Set(x.p.components.flatMap((c) => upstreamOf(c, known)));
  const ready = new Map<string, Promise<boolean>>();
  for (const { component, steps } of plan.components) {
    const ups = upstreamOf(component, known).map((u) => ready.get(u) ?? Promise.resolve(true));
    ready.set(
      component.id,
      Promise.all(ups).then((oks) =>
        oks.every(Boolean) && !out.lost
          ? startComponent(
              x,
              component,
              steps,
              created,
              x.ctx.wait || downstream.has(component.id),
              out,
              deadline,
            )
          : skipComponent(steps, created, out),
      ),
    );
  }
  await Promise.all(ready.values());
  return out.result();
}

/**
 * Carry out a delete plan: containers (downstream first, each component's replicas in
 * parallel), then networks, then the volumes flowctl created. Objects already gone count as
 * removed.
 */
export async function executeDelete(
  x: ExecContext,
  plan: DockerPlan,
  items: readonly PlanItem[],
): Promise<ApplyResult> {
  const out = new Outcomes(items);
  const groups: ContainerStep[][] = [];
  for (const s of plan.removals) {
    const last = groups.at(-1);
    if (last && last[0].item.component === s.item.component) last.push(s);
    else groups.push([s]);
  }
  for (const g of groups) if (!(await removeSteps(x, g, out))) return out.result();
  const gone = (e: unknown) => statusOf(e) === 404;
  for (const n of plan.networks)
    await guarded(x, out, n.item, 'remove network', async () => {
      x.ctx.progress(`removing network ${n.name}`);
      await x.docker
        .getNetwork(n.id ?? n.name)
        .remove()
        .catch((e) => {
          if (!gone(e)) throw e;
        });
      out.set(n.item, 'changed');
      return true;
    });
  for (const v of plan.volumes)
    await guarded(x, out, v.item, 'remove volume', async () => {
      x.ctx.progress(`removing volume ${v.name}`);
      await x.docker
        .getVolume(v.name)
        .remove()
        .catch((e) => {
          if (!gone(e)) throw e;
        });
      out.set(v.item, 'changed');
      return true;
    });
  return out.result();
}
