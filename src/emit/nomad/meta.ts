import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Loc } from '../../ir.js';
import { hcl } from '../hcl.js';
import { NOMAD_INTERPOLATION } from './env.js';
import { metaKey } from './names.js';

/** Where user-written meta comes from, for diagnostics. */
export interface MetaOwner {
  readonly id: string;
  readonly loc: Loc;
}

/** User entries for a meta map, and the field they were written under. */
export interface MetaSource {
  readonly field: string;
  readonly entries: Readonly<Record<string, string>>;
}

/**
 * A `meta` map: flowctl's ownership keys first (they win on a clash), then each user source in
 * order, with keys as Nomad stores them (metaKey). Sorted by key. A user key that collides with
 * an earlier one after Nomad's normalisation, or a value Nomad would interpolate, is reported.
 */
export function metaEntries(
  ownership: readonly (readonly [string, string])[],
  sources: readonly MetaSource[],
  owner: MetaOwner,
  diags: Diagnostic[],
): { key: string; value: string }[] {
  const out = new Map<string, string>();
  for (const [k, v] of ownership) out.set(metaKey(k), v);
  for (const { field, entries } of sources)
    for (const k of Object.keys(entries).sort()) {
      const key = metaKey(k);
      const v = entries[k];
      if (out.has(key)) {
        diags.push(diag('FC4305', { field, id: owner.id, key: k, nomadKey: key }, owner.loc));
        continue;
      }
      const m = NOMAD_INTERPOLATION.exec(v);
      if (m) diags.push(diag('FC4301', { field: `${field}.${k}`, id: owner.id, text: m[0] }, owner.loc));
      out.set(key, v);
    }
  return [...out.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => ({ key: hcl(k), value: hcl(v) }));
}
