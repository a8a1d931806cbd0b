import type { CodeDef, CodeTable, Diagnostic, Related } from '../types.js';
import type { Loc } from '../../ir.js';
import { applyCodes } from './apply.js';
import { emitCodes } from './emit.js';
import { emitComposeCodes } from './emit-compose.js';
import { emitKubernetesCodes } from './emit-kubernetes.js';
import { emitLocalCodes } from './emit-local.js';
import { emitNomadCodes } from './emit-nomad.js';
import { loadCodes } from './load.js';
import { resolveCodes } from './resolve.js';
import { ruleCodes } from './rules.js';
import { usageCodes } from './usage.js';
import { varsCodes } from './vars.js';

/**
 * Every diagnostic code flowctl can emit. Codes by stage: FC1xxx load and schema, FC2xxx
 * resolve, FC3xxx semantic rules, FC4xxx emit, FC5xxx apply, FC9xxx invocation. A code is never
 * reused or renumbered. `flowctl explain` and the README table are generated from this object.
 */
export const catalog = {
  ...loadCodes,
  ...varsCodes,
  ...resolveCodes,
  ...ruleCodes,
  ...emitCodes,
  ...emitComposeCodes,
  ...emitKubernetesCodes,
  ...emitNomadCodes,
  ...emitLocalCodes,
  ...applyCodes,
  ...usageCodes,
} satisfies CodeTable;

export type Code = keyof typeof catalog;
type ArgsOf<C extends Code> = (typeof catalog)[C] extends CodeDef<infer A> ? A : never;

/** Build a diagnostic from the catalog. Arguments are typed per code. */
export function diag<C extends Code>(
  c: C,
  args: ArgsOf<C>,
  loc?: Loc,
  related?: readonly Related[],
): Diagnostic {
  const def = catalog[c] as CodeDef<ArgsOf<C>>;
  return {
    code: c,
    severity: def.severity,
    message: def.message(args),
    ...(loc ? { loc } : {}),
    ...(related && related.length > 0 ? { related } : {}),
  };
}
