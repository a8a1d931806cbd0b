import type { Component, Pipeline } from '../ir.js';

/** Upstream ids of a component: its inputs and depends_on, known ids only, self excluded. */
export function upstreamOf(c: Component, known: ReadonlySet<string>): string[] {
  return [...c.inputs, ...c.dependsOn].map((x) => x.value).filter((id) => id !== c.id && known.has(id));
}

/**
 * Topological order of the components (upstream first). Ties are broken by the order the
 * components were written, so the result is stable. Components on cycles come last, in
 * written order.
 */
export function topoOrder(p: Pipeline): Component[] {
  const known = new Set(p.components.map((c) => c.id));
  const index = new Map(p.components.map((c, i) => [c.id, i] as const));
  const indeg = new Map<string, number>();
  const down = new Map<string, string[]>();
  const seen = new Set<string>();
  const comps = p.components.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
  for (const c of comps) {
    const ups = [...new Set(upstreamOf(c, known))];
    indeg.set(c.id, ups.length);
    for (const u of ups) down.set(u, [...(down.get(u) ?? []), c.id]);
  }
  const ready = comps.filter((c) => indeg.get(c.id) === 0).map((c) => c.id);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => index.get(a)! - index.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const d of down.get(id) ?? []) {
      indeg.set(d, indeg.get(d)! - 1);
      if (indeg.get(d) === 0) ready.push(d);
    }
  }
  const placed = new Set(order);
  const byId = new Map(comps.map((c) => [c.id, c] as const));
  return [...order.map((id) => byId.get(id)!), ...comps.filter((c) => !placed.has(c.id))];
}
