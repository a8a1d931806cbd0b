import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

/**
 * FC3003: the inputs form a DAG. Each cycle is reported once, as a path that starts and ends
 * at its alphabetically first component, pointing at the input that closes it; every
 * component on a cycle is on at least one reported cycle.
 */
export const noCycles: Rule = {
  name: 'no-cycles',
  check({ byId }) {
    const out: Diagnostic[] = [];
    const reported = new Set<string>();
    const upstream = (id: string) =>
      (byId.get(id)?.inputs ?? []).map((i) => i.value).filter((x) => byId.has(x) && x !== id);
    // Only components in a strongly connected component of two or more lie on a cycle, and
    // a cycle never leaves its component: searching there keeps the rule linear on a DAG.
    const scc = components([...byId.keys()], upstream);
    const ids = [...scc.keys()].sort();
    // A component already on a reported cycle starts no search of its own: every component on
    // a cycle is on some reported cycle, and a ring of n costs one search, not n.
    const covered = new Set<string>();
    for (const start of ids) {
      if (covered.has(start)) continue;
      const path = findCycle(start, (id) => upstream(id).filter((x) => scc.get(x) === scc.get(start)));
      if (!path) continue;
      const members = [...new Set(path)].sort().join('\u0000');
      for (const m of path) covered.add(m);
      if (reported.has(members)) continue;
      reported.add(members);
      // path is start ← … ← start along inputs; print it in data-flow order, long ones elided.
      const all = [...path].reverse();
      const flow =
        all.length > 12 ? [...all.slice(0, 8), `… ${all.length - 11} more …`, ...all.slice(-3)] : all;
      // Point at the first component's input that lies on the cycle.
      const first = byId.get(start)!;
      const inputLoc = first.inputs.find((i) => i.value === path[1])?.loc ?? first.loc;
      out.push(diag('FC3003', { path: flow.join(' → ') }, inputLoc));
    }
    return out;
  },
};

/** Shortest path from `start` back to itself following `next` (BFS), or undefined. */
function findCycle(start: string, next: (id: string) => string[]): string[] | undefined {
  const prev = new Map<string, string>();
  const queue = [start];
  const visited = new Set<string>([start]);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const n of [...next(id)].sort()) {
      if (n === start) {
        const path = [start];
        let cur: string | undefined = id;
        while (cur !== undefined && cur !== start) {
          path.push(cur);
          cur = prev.get(cur);
        }
        path.push(start);
        // path: start, …, start in reverse input order → reverse so it reads start ← … order.
        return path.reverse();
      }
      if (!visited.has(n)) {
        visited.add(n);
        prev.set(n, id);
        queue.push(n);
      }
    }
  }
  return undefined;
}

/**
 * Tarjan's strongly connected components, iteratively (a 10,000-long chain must not overflow
 * the stack). Returns each id that lies in a component of two or more, mapped to the index of
 * its component.
 */
function components(ids: readonly string[], next: (id: string) => string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, number>();
  let counter = 0;
  let sccCount = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edges: string[]; i: number }[] = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: next(id), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const w = frame.edges[frame.i++];
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== frame.id);
      if (members.length > 1) {
        for (const m of members) result.set(m, sccCount);
        sccCount++;
      }
    }
  }
  return result;
}
