import type { Diagnostic } from '../diagnostics/types.js';
import type { Pipeline } from '../ir.js';

export type TargetName = 'compose' | 'kubernetes' | 'nomad' | 'local';

export interface EmitOptions {
  /** Prefix for every generated name (Go flowctl --prefix). */
  readonly prefix?: string;
  /** Registry host prepended to images that name none (Go flowctl --registry). */
  readonly imageRegistry?: string;
  /** Overrides metadata.namespace (kubernetes, nomad). */
  readonly namespace?: string;
  readonly datacenters?: readonly string[];
  readonly region?: string;
}

/** Relative path → file text. Emitters return paths in sorted order. */
export type Files = ReadonlyMap<string, string>;

export interface EmitResult {
  readonly files: Files;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * One deployment target. Pure: the same pipeline and options give byte-identical files on
 * any machine (no time, randomness, absolute paths, or map-order accidents).
 */
export interface Target {
  readonly name: TargetName;
  emit(p: Pipeline, opts: EmitOptions): EmitResult;
  /** What translate prints without --out-dir (e.g. one multi-document YAML stream). */
  toStdout(files: Files): string;
  /** File modes for --out-dir (e.g. 0o755 for a script); files not listed get 0o644. */
  modes?(files: Files): ReadonlyMap<string, number>;
}

/** Sort a map's entries by path so every emitter returns the same order. */
export function sortedFiles(entries: Iterable<readonly [string, string]>): Files {
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
