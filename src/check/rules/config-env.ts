import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { keyOf } from '../../ir.js';
import { configEnvName } from '../../emit/wiring.js';
import type { Rule } from '../context.js';

// Variables a process relies on that a config key must not silently replace.
const PROCESS_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'TMPDIR',
  'LANG',
  'HOSTNAME',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'NODE_OPTIONS',
  'PYTHONPATH',
]);

/** FC3018: a config key whose environment variable would replace one the process needs. */
export const configEnv: Rule = {
  name: 'config-env',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      for (const x of c.config) {
        const name = configEnvName(c, x.key);
        if (PROCESS_ENV.has(name)) out.push(diag('FC3018', { id: c.id, key: x.key, name }, keyOf(x.loc)));
      }
    }
    return out;
  },
};
