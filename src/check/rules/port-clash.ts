import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Loc } from '../../ir.js';
import type { Rule } from '../context.js';

/** FC3008: host ports unique across the pipeline; container ports unique within a component. */
export const portClash: Rule = {
  name: 'port-clash',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    const hostPorts = new Map<string, Loc>();
    for (const c of pipeline.components) {
      const containerPorts = new Map<string, Loc>();
      for (const p of c.ports) {
        const ck = `${p.containerPort}/${p.protocol}`;
        const prevC = containerPorts.get(ck);
        if (prevC)
          out.push(
            diag('FC3008', { port: p.containerPort, what: `in '${c.id}', container port` }, p.loc, [
              { message: 'first used here', loc: prevC },
            ]),
          );
        else containerPorts.set(ck, p.loc);
        if (p.hostPort === undefined) continue;
        const hk = `${p.hostPort}/${p.protocol}`;
        const prevH = hostPorts.get(hk);
        if (prevH)
          out.push(
            diag('FC3008', { port: p.hostPort, what: 'host port' }, p.loc, [
              { message: 'first used here', loc: prevH },
            ]),
          );
        else hostPorts.set(hk, p.loc);
      }
    }
    return out;
  },
};
