import { stringify } from 'yaml';

/**
 * Serialise a value as YAML for tools that may read YAML 1.1 (kubectl's decoder,
 * docker-compose v1): keys sorted at every level, strings that a 1.1 reader would retype
 * (`yes`, `NO`, `0755`, `12:30`, `1_000`, `~`) quoted, no anchors, no line folding.
 * Arrays keep their order; build objects, never concatenate YAML text.
 */
export function toYaml(value: unknown, opts: { sortKeys?: boolean } = {}): string {
  return stringify(opts.sortKeys === false ? value : sortKeysDeep(value), {
    compat: 'yaml-1.1',
    aliasDuplicateObjects: false,
    lineWidth: 0,
    minContentWidth: 0,
    indentSeq: true,
  });
}

export function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeysDeep(x);
    }
    return out;
  }
  return v;
}

/** Canonical JSON: sorted keys, no whitespace. Used for hashes and FLOWCTL_CONFIG. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeysDeep(v));
}
