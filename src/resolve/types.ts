import type { EnvVar, Health, JsonValue, Loc, Port, Resources } from '../ir.js';

/** One component the resolver may use, from a registry file or the default registry. */
export interface RegistryEntry {
  readonly name: string;
  /** Normalised: no leading 'v'. */
  readonly version: string;
  readonly role: 'source' | 'processor' | 'sink';
  readonly description?: string;
  readonly produces: readonly string[];
  readonly consumes: readonly string[];
  readonly provides: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly schemes: readonly string[];
  /** JSON Schema of the component's config (the flat Go form is converted on load). */
  readonly configSchema?: { readonly [k: string]: JsonValue };
  readonly envMapping: Readonly<Record<string, string>>;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly EnvVar[];
  readonly ports: readonly Port[];
  readonly health?: Health;
  readonly resources?: Resources;
  readonly replicas?: number;
  /** The registry file it came from ('default' for the shipped registry). */
  readonly registry: string;
  readonly loc: Loc;
}

export interface Registry {
  /** In precedence order: earlier files first, the default registry last. */
  readonly entries: readonly RegistryEntry[];
  readonly files: readonly string[];
}

/** `v1.0.0` and `1.0.0` name the same version. */
export function normalizeVersion(v: string): string {
  return v.replace(/^v(?=\d)/, '');
}

/** Compare versions numerically part by part ("1.10.0" > "1.9.0"); non-numeric parts by text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
