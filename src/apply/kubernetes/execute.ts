import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { ApplyResult, BackendContext, ItemResult, PlanItem } from '../types.js';
import { ApiError, type KubeClient, refOf, Unreachable } from './client.js';
import { apiDiagnostic, type KubePlan, type Step } from './steps.js';
import { waitRollouts } from './wait.js';

/** What an execution needs: the client, the invocation, and the server (for messages). */
export interface ExecInput {
  readonly client: KubeClient;
  readonly ctx: BackendContext;
  readonly server: string;
}

const VERB: Readonly<Record<Step['op'], string>> = { apply: 'applying', delete: 'deleting' };

async function run(x: ExecInput, step: Step): Promise<void> {
  if (step.op === 'apply')
    await x.client.apply(step.obj, { dryRun: false, force: x.ctx.forceConflicts ?? false });
  else await x.client.remove(step.ref);
}

/**
 * Carry out a plan, one request per step in order (Namespace, ApplySet parent, members,
 * deletions, parent again). The first failure stops it: that item is failed with the server's
 * reason, the rest are not attempted, and the next apply converges. With --wait (apply only),
 * then waits for every Deployment to roll out. Every item ends changed, unchanged, failed or
 * not attempted.
 */
export async function executePlan(
  x: ExecInput,
  items: readonly PlanItem[],
  plan: KubePlan,
): Promise<ApplyResult> {
  const results = new Map<string, ItemResult>();
  for (const item of items)
    results.set(item.key, { item, outcome: item.action === 'unchanged' ? 'unchanged' : 'not-attempted' });
  const diagnostics: Diagnostic[] = [];
  let failed = false;
  for (const step of plan.steps) {
    x.ctx.progress(`${VERB[step.op]} ${step.item.kind} '${step.item.name}'`);
    try {
      await run(x, step);
      results.set(step.item.key, { item: step.item, outcome: 'changed' });
    } catch (e) {
      if (e instanceof ApiError) {
        const ref = step.op === 'apply' ? refOf(step.obj) : step.ref;
        diagnostics.push(apiDiagnostic(e, step.op, ref, step.loc));
        results.set(step.item.key, { item: step.item, outcome: 'failed', error: e.message });
      } else if (e instanceof Unreachable) {
        diagnostics.push(diag('FC5503', { server: x.server, cause: e.message }));
        results.set(step.item.key, {
          item: step.item,
          outcome: 'failed',
          error: `unreachable (${e.message})`,
        });
      } else throw e;
      failed = true;
      break;
    }
  }
  if (!failed && x.ctx.wait && x.ctx.mode === 'apply' && plan.deployments.length > 0) {
    try {
      const names = plan.deployments.map((d) => d.name);
      for (const f of await waitRollouts(x.client, plan.namespace, names, x.ctx.timeoutMs, x.ctx.progress)) {
        diagnostics.push(f.diagnostic);
        const item = plan.deployments.find((d) => d.name === f.name)?.item;
        if (item) results.set(item.key, { item, outcome: 'failed', error: `rollout: ${f.state}` });
      }
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof Unreachable)) throw e;
      diagnostics.push(diag('FC5503', { server: x.server, cause: e.message }));
    }
  }
  return { ok: !failed && diagnostics.length === 0, items: [...results.values()], diagnostics };
}
