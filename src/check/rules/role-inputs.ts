import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at } from '../../ir.js';
import type { Rule } from '../context.js';

/** FC3004, FC3005: sources take no inputs; processors and sinks take at least one. */
export const roleInputs: Rule = {
  name: 'role-inputs',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      if (c.role === 'source' && c.inputs.length > 0)
        out.push(diag('FC3004', { id: c.id }, { ...at(c.loc, 'inputs'), key: true }));
      if ((c.role === 'processor' || c.role === 'sink') && c.inputs.length === 0) {
        out.push(diag('FC3005', { id: c.id, role: c.role }, at(c.loc, 'id')));
      }
    }
    return out;
  },
};
