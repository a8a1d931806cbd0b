import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Located } from '../../ir.js';
import type { Rule } from '../context.js';

const CPU = /^(\d+(\.\d+)?|\.\d+)m?$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|e\d+)?$/;

/** FC3010: cpu and memory quantities are in Kubernetes notation. */
export const quantities: Rule = {
  name: 'quantities',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    const test = (q: Located<string> | undefined, re: RegExp, field: string) => {
      if (q && !re.test(q.value)) out.push(diag('FC3010', { value: q.value, field }, q.loc));
    };
    for (const c of pipeline.components) {
      if (!c.resources) continue;
      for (const kind of ['requests', 'limits'] as const) {
        test(c.resources[kind].cpu, CPU, `${kind}.cpu`);
        test(c.resources[kind].memory, MEMORY, `${kind}.memory`);
      }
    }
    return out;
  },
};

/** Parse a cpu quantity into cores (0.5 for 500m). Callers run after the rule passed. */
export function cpuCores(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

const MEM_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

/** Parse a memory quantity into bytes. */
export function memoryBytes(q: string): number {
  const m = MEMORY.exec(q);
  if (!m) return Number.NaN;
  const unit = m[3] ?? '';
  if (unit.startsWith('e')) return Number(m[1]) * 10 ** Number(unit.slice(1));
  return Number(m[1]) * (MEM_UNITS[unit] ?? 1);
}
