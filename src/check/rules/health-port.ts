import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { healthPort } from '../../normalize/fields.js';
import type { Rule } from '../context.js';

/** FC3009: an HTTP or TCP health check must have a port every target can probe. */
export const healthPortKnown: Rule = {
  name: 'health-port',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      if (!c.health || c.health.check.kind === 'command') continue;
      if (healthPort(c.health, c.ports) === undefined)
        out.push(diag('FC3009', { id: c.id }, c.health.check.loc));
    }
    return out;
  },
};
