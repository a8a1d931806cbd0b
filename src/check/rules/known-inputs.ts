import { diag } from '../../diagnostics/catalog/index.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

/** FC3002, FC3016, FC3017: every input names another component that produces something. */
export const knownInputs: Rule = {
  name: 'known-inputs',
  check({ pipeline, byId }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      for (const input of c.inputs) {
        const up = byId.get(input.value);
        if (input.value === c.id) out.push(diag('FC3017', { id: c.id }, input.loc));
        else if (!up) {
          out.push(
            diag(
              'FC3002',
              { id: c.id, input: input.value, suggestion: suggest(input.value, byId.keys()) },
              input.loc,
            ),
          );
        } else if (up.role === 'sink') out.push(diag('FC3016', { id: c.id, input: input.value }, input.loc));
      }
    }
    return out;
  },
};
