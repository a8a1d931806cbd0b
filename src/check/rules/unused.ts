import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at } from '../../ir.js';
import type { Rule } from '../context.js';

/**
 * FC3007: sources and processors whose output nobody consumes.
 * FC3015: processors and sinks that no source reaches (fed only by a cycle).
 */
export const unused: Rule = {
  name: 'unused',
  check({ pipeline, byId, consumers }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      if ((c.role === 'source' || c.role === 'processor') && !consumers.has(c.id)) {
        out.push(diag('FC3007', { id: c.id, role: c.role }, at(c.loc, 'id')));
      }
    }
    // Reachability from sources along edges.
    const reached = new Set<string>();
    const queue = pipeline.components.filter((c) => c.role === 'source').map((c) => c.id);
    for (const id of queue) reached.add(id);
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const d of consumers.get(id) ?? []) {
        if (!reached.has(d)) {
          reached.add(d);
          queue.push(d);
        }
      }
    }
    for (const c of pipeline.components) {
      if (c.role === 'source' || c.role === 'pipeline' || reached.has(c.id) || c.inputs.length === 0)
        continue;
      const known = c.inputs.find((i) => byId.has(i.value) && i.value !== c.id);
      if (!known) continue; // unknown inputs are reported by known-inputs
      out.push(diag('FC3015', { id: c.id, from: known.value }, at(c.loc, 'id')));
    }
    return out;
  },
};
