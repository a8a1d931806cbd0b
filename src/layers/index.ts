import type { Diagnostic } from '../diagnostics/types.js';
import type { SourceSet } from '../diagnostics/sources.js';

/** Options of the layering stage: variables, environment overlays. */
export interface LayerOptions {
  readonly env?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly varFiles?: readonly string[];
  /** Process environment used for ${VAR}; defaults to process.env at the CLI only. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Layers between load and normalize: `extends`, `environments` overlays and `${VAR}`
 * interpolation. Until those land, a document passes through unchanged.
 */
export function applyLayers(
  value: unknown,
  _file: string,
  _sources: SourceSet,
  _opts: LayerOptions,
): { value: unknown; diagnostics: Diagnostic[] } {
  return { value, diagnostics: [] };
}
