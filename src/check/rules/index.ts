import type { Rule } from '../context.js';
import { configEnv } from './config-env.js';
import { edgeTypes } from './edge-types.js';
import { healthPortKnown } from './health-port.js';
import { inlinedSecrets } from './inlined-secrets.js';
import { knownDependencies } from './known-dependencies.js';
import { knownInputs } from './known-inputs.js';
import { nameableIds } from './nameable-ids.js';
import { noCycles } from './no-cycles.js';
import { portClash } from './port-clash.js';
import { quantities } from './quantities.js';
import { roleInputs } from './role-inputs.js';
import { uniqueIds } from './unique-ids.js';
import { unused } from './unused.js';

/** Every semantic rule, run in this order in one pass; all diagnostics are collected. */
export const rules: readonly Rule[] = [
  uniqueIds,
  nameableIds,
  knownInputs,
  knownDependencies,
  noCycles,
  roleInputs,
  edgeTypes,
  unused,
  portClash,
  healthPortKnown,
  quantities,
  inlinedSecrets,
  configEnv,
];
