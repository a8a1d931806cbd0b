import type { Diagnostic } from '../diagnostics/types.js';
import { diag } from '../diagnostics/catalog/index.js';
import type { Pipeline } from '../ir.js';
import type { Registry } from './types.js';

/** v2 topology → concrete pipeline. Replaced by the intent resolver. */
export async function resolveTopology(
  _doc: Record<string, unknown>,
  file: string,
  _registry: Registry,
  _opts: { strict?: boolean },
): Promise<{ pipeline?: Pipeline; diagnostics: Diagnostic[] }> {
  return {
    diagnostics: [
      diag('FC1010', { found: 'flowctl/v2 topologies are not resolved by this build' }, { file, path: [] }),
    ],
  };
}
