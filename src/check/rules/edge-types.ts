import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

/** FC3006: when both ends of an edge declare event types, they share at least one. */
export const edgeTypes: Rule = {
  name: 'edge-types',
  check({ pipeline, byId }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      if (c.consumes.length === 0) continue;
      for (const input of c.inputs) {
        const up = byId.get(input.value);
        if (!up || up.produces.length === 0) continue;
        if (up.produces.some((t) => c.consumes.includes(t))) continue;
        out.push(
          diag(
            'FC3006',
            { from: up.id, to: c.id, produces: list(up.produces), consumes: list(c.consumes) },
            input.loc,
          ),
        );
      }
    }
    return out;
  },
};

function list(types: readonly string[]): string {
  return types.map((t) => `'${t}'`).join(', ');
}
