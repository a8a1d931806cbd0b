import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, keyOf, type Component } from '../../ir.js';
import type { Rule } from '../context.js';

/** FC3001: component ids are unique across every section. */
export const uniqueIds: Rule = {
  name: 'unique-ids',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    const firstSeen = new Map<string, Component>();
    for (const c of pipeline.components) {
      const prev = firstSeen.get(c.id);
      if (!prev) {
        firstSeen.set(c.id, c);
        continue;
      }
      out.push(
        diag('FC3001', { id: c.id }, at(c.loc, 'id'), [
          { message: `'${c.id}' is first defined here`, loc: keyOf(at(prev.loc, 'id')) },
        ]),
      );
    }
    return out;
  },
};
