import { readFileSync } from 'node:fs';
import { version } from '../cli/common.js';
import { diag } from '../diagnostics/catalog/index.js';
import { type Diagnostic, hasErrors } from '../diagnostics/types.js';
import type { Pipeline } from '../ir.js';
import { KubeClient, Unreachable } from './kubernetes/client.js';
import { type Desired, desiredState } from './kubernetes/desired.js';
import { executePlan } from './kubernetes/execute.js';
import { type ClusterTarget, loadCluster } from './kubernetes/kubeconfig.js';
import { planApply, type PlannedKube } from './kubernetes/plan.js';
import { planDelete } from './kubernetes/plan-delete.js';
import type { KubePlan } from './kubernetes/steps.js';
import { Stop } from './kubernetes/steps.js';
import { acquireLock, type Lock, lockDir } from './lock.js';
import type { ApplyResult, Backend, BackendContext, Plan, Planned, Session } from './types.js';

/** Every kind the desired state uses must be served by the cluster (discovery), else FC5507. */
async function unservedKinds(client: KubeClient, desired: Desired): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const d of [desired.namespaceObj, ...desired.members]) {
    const { apiVersion, kind } = d.obj;
    if (seen.has(`${apiVersion} ${kind}`)) continue;
    seen.add(`${apiVersion} ${kind}`);
    if (!(await client.resource(apiVersion, kind))) out.push(diag('FC5507', { apiVersion, kind }, d.loc));
  }
  return out;
}

class KubeSession implements Session {
  constructor(
    private readonly client: KubeClient,
    private readonly target: ClusterTarget,
    private readonly namespace: string,
    private readonly p: Pipeline,
    private readonly ctx: BackendContext,
    private readonly lock: Lock | undefined,
  ) {}

  async plan(): Promise<Planned> {
    const { p, ctx } = this;
    const src = {
      env: ctx.env,
      cwd: ctx.cwd,
      readFile: (path: string) => {
        try {
          return readFileSync(path);
        } catch {
          return undefined;
        }
      },
    };
    const desired = desiredState(p, this.namespace, src, ctx.redactor);
    const early = ctx.mode === 'delete' ? [] : [...desired.diagnostics];
    if (hasErrors(early)) return { diagnostics: early };
    try {
      if (ctx.mode === 'delete')
        return { plan: this.wrap(await planDelete(this.client, p, desired)), diagnostics: [] };
      const unserved = await unservedKinds(this.client, desired);
      if (unserved.length > 0) return { diagnostics: [...early, ...unserved] };
      const x = {
        client: this.client,
        p,
        desired,
        prune: ctx.prune,
        force: ctx.forceConflicts ?? false,
        version: version(),
      };
      const planned = await planApply(x);
      return { plan: this.wrap(planned), diagnostics: [...early, ...planned.diagnostics] };
    } catch (e) {
      if (e instanceof Stop) return { diagnostics: [...early, e.diagnostic] };
      if (e instanceof Unreachable)
        return { diagnostics: [...early, diag('FC5503', { server: this.target.server, cause: e.message })] };
      throw e;
    }
  }

  private wrap(planned: PlannedKube): Plan {
    return {
      backend: 'kubernetes',
      pipeline: this.p.name,
      mode: this.ctx.mode,
      items: planned.items,
      notes: planned.notes,
      detail: planned.detail,
    };
  }

  execute(plan: Plan): Promise<ApplyResult> {
    const x = { client: this.client, ctx: this.ctx, server: this.target.server };
    return executePlan(x, plan.items, plan.detail as KubePlan);
  }

  async close(): Promise<void> {
    this.lock?.release();
  }
}

/**
 * The kubernetes backend: server-side apply (field manager `flowctl`) of exactly the objects
 * `translate -o k8s` emits, tracked as a kubectl-compatible ApplySet (KEP-3659) whose parent
 * is the Secret `applyset-<pipeline>` in the pipeline's namespace (metadata.namespace, else the
 * context's, else `default`). @kubernetes/client-node is imported only here, on demand. Plans
 * are decided by the server (dry-run apply); conflicts are reported, forced only with
 * --force-conflicts; only ApplySet members are ever pruned or deleted.
 */
export const kubernetesBackend: Backend = {
  name: 'kubernetes',
  async open(p, ctx) {
    const k8s = await import('@kubernetes/client-node');
    const target = loadCluster(k8s, ctx.env, ctx.context);
    if (!('kc' in target)) return { diagnostics: [target] };
    const namespace = p.namespace ?? target.namespace ?? 'default';
    let lock: Lock | undefined;
    if (ctx.mode !== 'diff' && !ctx.dryRun) {
      const scope = `kubernetes\n${target.server}\n${namespace}`;
      const got = acquireLock(lockDir(ctx.env), scope, p.name);
      if (!('release' in got))
        return { diagnostics: [diag('FC5002', { pipeline: p.name, holder: got.holder, file: got.file })] };
      lock = got;
    }
    ctx.progress(
      `kubernetes: context '${target.context}', server ${target.server}, namespace '${namespace}'`,
    );
    return new KubeSession(KubeClient.create(k8s, target), target, namespace, p, ctx, lock);
  },
};
