import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, type Component } from '../../ir.js';
import { dnsLabel, VALID_ID } from '../../emit/names.js';
import type { Rule } from '../context.js';

/**
 * FC3011: ids use characters every target can name. FC3012: two ids that differ only in case
 * or punctuation would get the same Kubernetes/Nomad name; both locations are reported.
 */
export const nameableIds: Rule = {
  name: 'nameable-ids',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    const byName = new Map<string, Component>();
    for (const c of pipeline.components) {
      if (!VALID_ID.test(c.id)) {
        out.push(diag('FC3011', { id: c.id }, at(c.loc, 'id')));
        continue;
      }
      const name = dnsLabel(c.id);
      const prev = byName.get(name);
      if (prev && prev.id !== c.id) {
        out.push(
          diag('FC3012', { id: c.id, other: prev.id, name }, at(c.loc, 'id'), [
            { message: `'${prev.id}' is defined here`, loc: at(prev.loc, 'id') },
          ]),
        );
      } else if (!prev) byName.set(name, c);
    }
    return out;
  },
};
