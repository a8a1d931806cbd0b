import { loadYamlBytes } from '../../src/load/read.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../../src/load/yaml.js';
import { SourceSet } from '../../src/diagnostics/sources.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';

export interface LoadOutcome {
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
  /** `CODE line:col` for every diagnostic, in emitted order. */
  readonly codes: string[];
  /** line:col of a diagnostic's location ('' when it has none). */
  readonly at: (d: Diagnostic) => string;
  readonly ms: number;
}

/** Load YAML text or bytes the way the compiler does, timing it. */
export function load(input: string | Uint8Array, limits: Partial<LoadLimits> = {}): LoadOutcome {
  const sources = new SourceSet();
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const t0 = performance.now();
  const r = loadYamlBytes(bytes, 'in.yaml', sources, { ...DEFAULT_LIMITS, ...limits });
  const ms = performance.now() - t0;
  const at = (d: Diagnostic) => {
    const p = d.loc ? sources.position(d.loc) : undefined;
    return p ? `${p.line}:${p.column}` : '';
  };
  return {
    value: r.value,
    diagnostics: r.diagnostics,
    codes: r.diagnostics.map((d) => `${d.code} ${at(d)}`),
    at,
    ms,
  };
}
