import { diag } from '../../diagnostics/catalog/index.js';
import type { Pipeline } from '../../ir.js';
import { APPLYSET, MEMBER_KINDS, parentName, parentTool, TOOL } from './applyset.js';
import { type KubeClient, refOf } from './client.js';
import type { Desired } from './desired.js';
import { listMembers, ownership } from './members.js';
import type { PlannedKube } from './plan.js';
import { planItem, reading, type Step, Stop } from './steps.js';

/**
 * The plan of delete: every member of the pipeline's ApplySet (found by label over the kinds
 * the parent lists and every kind flowctl creates, so a lost annotation loses nothing), in
 * reverse apply order, then the parent. Objects without the part-of label, the Namespace and
 * PersistentVolumes are never deleted.
 */
export async function planDelete(client: KubeClient, p: Pipeline, desired: Desired): Promise<PlannedKube> {
  const ns = desired.namespace;
  const empty = (note: string): PlannedKube => ({
    items: [],
    notes: [note],
    diagnostics: [],
    detail: { namespace: ns, steps: [], deployments: [] },
  });
  const nsRef = refOf(desired.namespaceObj.obj);
  const liveNs = await reading('read', nsRef, () => client.get(nsRef));
  if (!liveNs) return empty(`namespace '${ns}' does not exist: nothing to delete`);
  const parentRef = { apiVersion: 'v1', kind: 'Secret', name: parentName(p.name), namespace: ns };
  const parent = await reading('read', parentRef, () => client.get(parentRef));
  if (parent && parentTool(parent) !== TOOL) {
    const tooling = parent.metadata.annotations?.[APPLYSET.tooling] ?? 'no tool';
    throw new Stop(diag('FC5511', { name: parentRef.name, namespace: ns, tooling }));
  }
  const served: string[] = [];
  for (const k of MEMBER_KINDS) if (await client.resource(k.apiVersion, k.kind)) served.push(k.groupKind);
  const found = await listMembers(client, parent, served, ns, desired.id);
  const steps: Step[] = found.members.map((o) => {
    const item = planItem(o.kind, o.metadata.name, 'delete');
    return { op: 'delete', item, ref: refOf(o) };
  });
  if (parent) {
    const item = planItem('Secret', parentRef.name, 'delete', { reason: 'ApplySet parent' });
    steps.push({ op: 'delete', item, ref: parentRef });
  }
  const notes = [...found.notes];
  if (ownership(liveNs, p, '').mine)
    notes.push(
      `namespace '${ns}' is kept: delete it with 'kubectl delete namespace ${ns}' once nothing else lives in it`,
    );
  return {
    items: steps.map((s) => s.item),
    notes,
    diagnostics: [],
    detail: { namespace: ns, steps, deployments: [] },
  };
}
