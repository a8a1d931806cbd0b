import { code, type CodeTable } from '../types.js';

/** FC40xx: emit diagnostics shared by every target. Target-specific codes live in emit-<target>.ts. */
export const emitCodes = {
  FC4001: code<{ field: string; id: string; target: string; reason: string }>(
    'warning',
    'not-carried',
    (a) => `'${a.field}' of '${a.id}' is not carried into ${a.target}: ${a.reason}.`,
    'Every fact of the pipeline is either carried into the target or reported. This warning names a field the target cannot express, and what happens instead. Under --strict it is an error.',
  ),
  FC4002: code<{ field: string; id: string; target: string; fix: string }>(
    'error',
    'cannot-express',
    (a) => `${a.target} cannot run '${a.id}' as written (${a.field}); ${a.fix}.`,
    'The target has no way to express this component at all; the message says what to add or change.',
  ),
} satisfies CodeTable;
