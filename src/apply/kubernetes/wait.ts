import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { formatDuration } from '../duration.js';
import type { KubeClient, Obj } from './client.js';

/** Where a Deployment's rollout stands, as `kubectl rollout status` judges it. */
export type Rollout =
  | { readonly state: 'done' }
  | { readonly state: 'waiting'; readonly message: string }
  | { readonly state: 'failed'; readonly message: string };

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
}

/**
 * The rollout state of a live Deployment (the rules of kubectl's DeploymentStatusViewer): the
 * controller must have observed the latest generation; a Progressing condition with reason
 * ProgressDeadlineExceeded fails; then all replicas updated, old ones gone, updated ones available.
 */
export function rolloutState(d: Obj): Rollout {
  const generation = (d.metadata.generation as number | undefined) ?? 0;
  const spec = (d.spec ?? {}) as { replicas?: number };
  const st = (d.status ?? {}) as DeploymentStatus;
  if ((st.observedGeneration ?? 0) < generation)
    return { state: 'waiting', message: 'waiting for the controller to observe the new spec' };
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return {
      state: 'failed',
      message: `exceeded its progress deadline (${progressing.message ?? 'no message'})`,
    };
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (spec.replicas !== undefined && updated < spec.replicas)
    return { state: 'waiting', message: `${updated} of ${spec.replicas} new replicas updated` };
  if (replicas > updated)
    return { state: 'waiting', message: `${replicas - updated} old replicas pending termination` };
  if (available < updated)
    return { state: 'waiting', message: `${available} of ${updated} updated replicas available` };
  return { state: 'done' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait for every Deployment to roll out, polling each (100 ms, doubling to 2 s) until done,
 * failed (FC5510) or `timeoutMs` passed (FC5508). Prints a progress line whenever a
 * Deployment's state changes. Returns the Deployments that did not roll out, each with its
 * diagnostic and state; none means every rollout finished.
 */
export async function waitRollouts(
  client: KubeClient,
  namespace: string,
  names: readonly string[],
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<{ name: string; state: string; diagnostic: Diagnostic }[]> {
  const out: { name: string; state: string; diagnostic: Diagnostic }[] = [];
  const deadline = Date.now() + timeoutMs;
  const last = new Map<string, string>();
  let pending = [...names];
  let delay = 100;
  while (pending.length > 0) {
    const still: string[] = [];
    for (const name of pending) {
      const live = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace });
      const r: Rollout = live ? rolloutState(live) : { state: 'failed', message: 'it no longer exists' };
      const line = r.state === 'done' ? 'rolled out' : r.message;
      if (last.get(name) !== line) progress(`Deployment '${name}': ${line}`);
      last.set(name, line);
      if (r.state === 'failed')
        out.push({ name, state: r.message, diagnostic: diag('FC5510', { name, reason: r.message }) });
      if (r.state === 'waiting') still.push(name);
    }
    pending = still;
    if (pending.length === 0) break;
    if (Date.now() >= deadline) {
      for (const name of pending) {
        const state = last.get(name) ?? '';
        out.push({
          name,
          state,
          diagnostic: diag('FC5508', { name, timeout: formatDuration(timeoutMs), state }),
        });
      }
      break;
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 2000);
  }
  return out;
}
