// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about literal ${VAR} text.
import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { type Diagnostic, hasErrors } from '../diagnostics/types.js';
import type { EnvironmentInfo, Loc, NodePath } from '../ir.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/yaml.js';
import { applyEnvironment, ENVIRONMENTS, environmentNames } from './environments.js';
import { EXTENDS, loadChain } from './extends.js';
import { pin } from './locate.js';
import { DELETE, finalize, hasDeleteMarker, type LDelete, locOf, lookupOrigin, open } from './tree.js';
import { expandValues, secretVariables } from './values.js';
import { collectVariables } from './vars.js';

/** Options of the layering stage: variables, environment overlays. */
export interface LayerOptions {
  readonly env?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly varFiles?: readonly string[];
  /** Process environment used for ${VAR}; defaults to process.env at the CLI only. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly limits?: LoadLimits;
}

export interface Layered {
  /** The effective document: no extends, no environments, variables expanded. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  /** The environment chosen with --env, and the apply target it names. */
  readonly environment?: EnvironmentInfo;
  /** Names of the environments the (merged) document defines. */
  readonly environments?: readonly string[];
}

/**
 * Layers between load and the schema check, in this order: the `extends` chain is merged
 * (base first), the `--env` overlay from `environments` is merged over it, then `${VAR}` is
 * expanded in every string value. When anything was merged, node paths of `file` in later
 * stages are mapped back to the file and node each value was written in (SourceSet.origin).
 * Never mutates `value`; every problem is a diagnostic.
 */
export function applyLayers(value: unknown, file: string, sources: SourceSet, opts: LayerOptions): Layered {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const diagnostics: Diagnostic[] = [];
  const variables = collectVariables(opts, sources, limits);
  diagnostics.push(...variables.diagnostics);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { value, diagnostics }; // not a document: the format check says so
  }
  const doc = value as Record<string, unknown>;
  const layered = needsMerge(doc, opts)
    ? mergeLayers(doc, file, sources, limits, opts, diagnostics)
    : plain(doc, file);
  if (!layered || hasErrors(diagnostics)) return { value, diagnostics };
  const expanded = expandValues(layered.value, {
    vars: variables.vars,
    secrets: secretVariables(layered.value),
    originOf: layered.originOf,
    sources,
    out: diagnostics,
  });
  return {
    value: expanded,
    diagnostics,
    ...(layered.environment ? { environment: layered.environment } : {}),
    environments: layered.environments,
  };
}

interface Merged {
  readonly value: unknown;
  readonly originOf: (path: NodePath) => Loc;
  readonly environment?: EnvironmentInfo;
  readonly environments: readonly string[];
}

/** A file with nothing to merge: every path stays as it is. */
function plain(doc: Record<string, unknown>, file: string): Merged {
  return { value: doc, originOf: (path) => ({ file, path }), environments: [] };
}

/** Merging is needed for extends, for --env or `environments`, and for a `$delete` marker. */
function needsMerge(doc: Record<string, unknown>, opts: LayerOptions): boolean {
  if (doc[EXTENDS] !== undefined || doc[ENVIRONMENTS] !== undefined || opts.env !== undefined) return true;
  return hasDeleteMarker(doc);
}

function mergeLayers(
  doc: Record<string, unknown>,
  file: string,
  sources: SourceSet,
  limits: LoadLimits,
  opts: LayerOptions,
  out: Diagnostic[],
): Merged | undefined {
  const lifted = loadChain(doc, file, sources, limits, out);
  const chain = lifted && open(lifted);
  if (chain?.kind !== 'map' || hasErrors(out)) return undefined;
  const environments = environmentNames(chain);
  const selected = applyEnvironment(chain, opts.env, sources, out);
  if (hasErrors(out)) return undefined;
  const unused = (d: LDelete) => {
    const ident = Object.entries(d.ident).map(([k, v]) => `${k} '${v}'`)[0];
    const what = ident ? `an item with ${ident}` : `'${String(d.origin.seg)}'`;
    const marker = locOf(d.origin);
    out.push(
      diag('FC1112', { what }, pin(sources, { ...marker, path: [...marker.path, DELETE], key: true })),
    );
  };
  const value = finalize(selected.root, unused);
  // The top level is the file that was named, whatever its base says.
  const root = { ...selected.root, origin: { file } };
  const originOf = (path: NodePath) => lookupOrigin(root, path);
  sources.mapOrigins(file, originOf);
  return {
    value,
    originOf,
    ...(selected.environment ? { environment: selected.environment } : {}),
    environments,
  };
}
