import { diag } from '../../diagnostics/catalog/index.js';
import { suggest } from '../../diagnostics/suggest.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

/** FC3014: every depends_on entry names another component (FC3017 when it names itself). */
export const knownDependencies: Rule = {
  name: 'known-dependencies',
  check({ pipeline, byId }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      for (const dep of c.dependsOn) {
        if (dep.value === c.id) out.push(diag('FC3017', { id: c.id, field: 'depends_on' }, dep.loc));
        else if (!byId.has(dep.value)) {
          out.push(
            diag(
              'FC3014',
              { id: c.id, dep: dep.value, suggestion: suggest(dep.value, byId.keys()) },
              dep.loc,
            ),
          );
        }
      }
    }
    return out;
  },
};
