import type { Diagnostic } from '../diagnostics/types.js';
import type { Pipeline } from '../ir.js';
import { makeContext } from './context.js';
import { rules } from './rules/index.js';

/** Run every semantic rule over a resolved pipeline. Pure: returns diagnostics only. */
export function checkPipeline(p: Pipeline): Diagnostic[] {
  const ctx = makeContext(p);
  return rules.flatMap((r) => r.check(ctx));
}
