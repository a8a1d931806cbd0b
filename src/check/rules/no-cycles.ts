import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

/**
 * FC3003: the inputs form a DAG. Each cycle is reported once, as a path that starts and ends
 * at its alphabetically first component, pointing at the input that closes it.
 */
export const noCycles: Rule = {
  name: 'no-cycles',
  check({ byId }) {
    const out: Diagnostic[] = [];
    const reported = new Set<string>();
    const ids = [...byId.keys()].sort();
    for (const start of ids) {
      const path = findCycle(start, (id) =>
        (byId.get(id)?.inputs ?? []).map((i) => i.value).filter((x) => byId.has(x) && x !== id),
      );
      if (!path) continue;
      const members = [...new Set(path)].sort().join('\u0000');
      if (reported.has(members)) continue;
      reported.add(members);
      // path is start ← … ← start along inputs; print it in data-flow order.
      const flow = [...path].reverse();
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
