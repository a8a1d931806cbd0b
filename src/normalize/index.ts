import { diag } from '../diagnostics/catalog/index.js';
import type { InputFormat } from '../ir.js';
import type { SchemaName } from '../schema/validate.js';

export type Detected = { format: InputFormat; schema: SchemaName } | { format: undefined; found: string };

/** Decide which of the three input formats a loaded document is, without guessing. */
export function detectFormat(value: unknown): Detected {
  if (value === null || value === undefined) return { format: undefined, found: 'the file is empty' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      format: undefined,
      found: `the top level is ${Array.isArray(value) ? 'a list' : 'a single value'}, not a mapping`,
    };
  }
  const doc = value as Record<string, unknown>;
  const api = doc.apiVersion;
  if (api === 'flowctl/v1' && doc.kind === 'Pipeline') return { format: 'v1', schema: 'v1' };
  if (api === 'flowctl/v2' && doc.kind === 'Topology') return { format: 'v2', schema: 'v2' };
  if (api === 'flowctl/v1' && doc.kind === 'Registry')
    return { format: undefined, found: 'it is a registry file; pass it with --registry' };
  if (api !== undefined)
    return { format: undefined, found: `apiVersion '${String(api)}' with kind '${String(doc.kind)}'` };
  if (
    doc.version !== undefined &&
    (doc.source !== undefined || doc.sink !== undefined || doc.processors !== undefined)
  ) {
    return { format: 'legacy', schema: 'legacy' };
  }
  const keys = Object.keys(doc).slice(0, 4).join(', ');
  return { format: undefined, found: keys ? `its top-level keys are ${keys}` : 'it is an empty mapping' };
}

export function unknownFormat(found: string, file: string) {
  return diag('FC1010', { found }, { file, path: [] });
}
