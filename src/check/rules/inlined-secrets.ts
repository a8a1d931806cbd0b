import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Rule } from '../context.js';

const SECRET_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential)s?$/i;
// Values that are references, not secrets: ${VAR} placeholders and file paths.
const REFERENCE = /^(\$\{[^}]+\}|\/.*|\.{1,2}\/.*)$/;

/** FC3013: values named like credentials written literally in env or config. */
export const inlinedSecrets: Rule = {
  name: 'inlined-secrets',
  check({ pipeline }) {
    const out: Diagnostic[] = [];
    for (const c of pipeline.components) {
      for (const e of c.env) {
        if (SECRET_NAME.test(e.name) && e.value !== '' && !REFERENCE.test(e.value)) {
          out.push(diag('FC3013', { id: c.id, name: e.name }, e.loc));
        }
      }
      for (const x of c.config) {
        if (x.loc === c.ref?.loc) continue; // registry defaults are not written by the user
        if (
          SECRET_NAME.test(x.key) &&
          typeof x.value === 'string' &&
          x.value !== '' &&
          !REFERENCE.test(x.value)
        ) {
          out.push(diag('FC3013', { id: c.id, name: x.key }, x.loc));
        }
      }
    }
    return out;
  },
};
