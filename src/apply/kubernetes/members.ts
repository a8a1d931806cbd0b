import { LABEL } from '../../emit/labels.js';
import { labelValue } from '../../emit/kubernetes/names.js';
import type { Pipeline } from '../../ir.js';
import { APPLYSET, kindRank, MEMBER_KINDS, NEVER_PRUNED, parentKinds } from './applyset.js';
import type { KubeClient, Obj } from './client.js';
import { reading } from './steps.js';

/** Whose an existing object is, seen from one pipeline's ApplySet. */
export type Ownership =
  | { readonly mine: true; readonly adopt: boolean }
  | { readonly mine: false; readonly owner: string };

/**
 * An object is ours when it is a member of the ApplySet (part-of = id). One labelled with this
 * pipeline's name but in no ApplySet (applied with `kubectl apply -f` of translate's output) is
 * adopted. Anything else belongs to someone else and is never changed.
 */
export function ownership(live: Obj, p: Pipeline, id: string): Ownership {
  const labels = live.metadata.labels ?? {};
  const partOf = labels[APPLYSET.partOf];
  if (partOf === id) return { mine: true, adopt: false };
  if (partOf !== undefined) return { mine: false, owner: `belongs to another ApplySet ('${partOf}')` };
  const pipeline = labels[LABEL.pipeline];
  if (pipeline === labelValue(p.name)) return { mine: true, adopt: true };
  if (pipeline !== undefined) return { mine: false, owner: `belongs to pipeline '${pipeline}'` };
  return { mine: false, owner: 'was not created by flowctl' };
}

/** The members found in the cluster, in delete order (reverse apply order, then name). */
export interface Found {
  readonly members: readonly Obj[];
  readonly notes: readonly string[];
}

/**
 * Every object labelled part-of the ApplySet, over the group-kinds the parent lists plus
 * `extra` (the kinds apply is about to use, or all kinds flowctl creates when deleting). Kinds
 * flowctl does not know are named in a note and left alone; Namespaces and PersistentVolumes
 * are never listed, so never pruned, whatever the parent says.
 */
export async function listMembers(
  client: KubeClient,
  parent: Obj | undefined,
  extra: readonly string[],
  namespace: string,
  id: string,
): Promise<Found> {
  const notes: string[] = [];
  const kinds = [...new Set([...parentKinds(parent), ...extra])].sort((a, b) => kindRank(a) - kindRank(b));
  const members: Obj[] = [];
  for (const gk of kinds) {
    const known = MEMBER_KINDS.find((k) => k.groupKind === gk);
    if (NEVER_PRUNED.has(gk)) {
      notes.push(`the ApplySet lists ${gk}, which is never pruned: its objects are left alone`);
      continue;
    }
    if (!known) {
      notes.push(`the ApplySet lists ${gk}, which flowctl does not create: its objects are left alone`);
      continue;
    }
    const ref = { apiVersion: known.apiVersion, kind: known.kind, name: '', namespace };
    const found = await reading('list', { ...ref, name: `-l ${APPLYSET.partOf}=${id}` }, () =>
      client.list(known.apiVersion, known.kind, namespace, `${APPLYSET.partOf}=${id}`),
    );
    members.push(...found);
  }
  const name = (o: Obj) => o.metadata.name;
  members.sort(
    (a, b) => kindRank(gkOf(b)) - kindRank(gkOf(a)) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
  return { members, notes };
}

const gkOf = (o: Obj) => MEMBER_KINDS.find((k) => k.kind === o.kind)?.groupKind ?? o.kind;
