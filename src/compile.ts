import { checkPipeline } from './check/index.js';
import { SourceSet } from './diagnostics/sources.js';
import { type Diagnostic, hasErrors } from './diagnostics/types.js';
import type { Pipeline } from './ir.js';
import { applyLayers, type LayerOptions } from './layers/index.js';
import { readYamlFile } from './load/read.js';
import { DEFAULT_LIMITS, type LoadLimits } from './load/yaml.js';
import { detectFormat, unknownFormat } from './normalize/index.js';
import { normalizeLegacy } from './normalize/legacy.js';
import { normalizeV1 } from './normalize/v1.js';
import { type IntentOptions, type Resolution, resolveTopology } from './resolve/intents.js';
import { resolveReferences } from './resolve/references.js';
import { loadRegistry } from './resolve/registry.js';
import type { Registry } from './resolve/types.js';
import { checkSchema } from './schema/validate.js';

export interface CompileOptions extends LayerOptions {
  readonly registries?: readonly string[];
  /** Consult the registry shipped with flowctl after the user's files (default true). */
  readonly defaultRegistry?: boolean;
  readonly policies?: readonly string[];
  /** Promote every warning to an error. */
  readonly strict?: boolean;
  readonly limits?: LoadLimits;
  /** v2 topologies: lock-file handling (see resolve/intents.ts). */
  readonly intents?: IntentOptions;
}

export interface CompileResult {
  /** The resolved pipeline; absent when a stage reported errors. */
  readonly pipeline?: Pipeline;
  readonly registry?: Registry;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceSet;
  /** The pipeline as written (or as intents resolved it), before registry references are merged. */
  readonly normalized?: Pipeline;
  /** How a v2 topology was resolved, for `flowctl resolve`. */
  readonly resolution?: Resolution;
}

/**
 * Run the front half of the compiler on one pipeline file ('-' for stdin):
 * load → layers → schema → normalize → resolve → rules → policies. Stops after the first
 * stage that reports errors; every diagnostic gathered so far is returned.
 */
export async function compile(
  file: string,
  opts: CompileOptions = {},
  sources = new SourceSet(),
): Promise<CompileResult> {
  const diagnostics: Diagnostic[] = [];
  let normalized: Pipeline | undefined;
  let resolution: Resolution | undefined;
  const done = (pipeline?: Pipeline, registry?: Registry): CompileResult => {
    const diags = opts.strict
      ? diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' as const } : d))
      : diagnostics;
    return {
      ...(pipeline && !hasErrors(diags) ? { pipeline } : {}),
      ...(registry ? { registry } : {}),
      diagnostics: diags,
      sources,
      ...(pipeline && !hasErrors(diags) ? { normalized, resolution } : {}),
    };
  };
  const limits = opts.limits ?? DEFAULT_LIMITS;

  const loaded = readYamlFile(file, sources, limits);
  diagnostics.push(...loaded.diagnostics);
  if (loaded.value === undefined || hasErrors(diagnostics)) return done();

  const layered = applyLayers(loaded.value, loaded.file, sources, opts);
  diagnostics.push(...layered.diagnostics);
  if (hasErrors(diagnostics)) return done();

  const detected = detectFormat(layered.value);
  if (detected.format === undefined) {
    diagnostics.push(unknownFormat(detected.found, loaded.file));
    return done();
  }
  diagnostics.push(...checkSchema(detected.schema, layered.value, loaded.file));
  if (hasErrors(diagnostics)) return done();

  const doc = layered.value as Record<string, unknown>;
  const needsRegistry =
    detected.format === 'v2' || (opts.registries?.length ?? 0) > 0 || mentionsReference(doc);
  let registry: Registry | undefined;
  if (needsRegistry) {
    const r = loadRegistry(opts.registries ?? [], sources, {
      includeDefault: opts.defaultRegistry !== false,
      limits,
    });
    diagnostics.push(...r.diagnostics);
    registry = r.registry;
    if (hasErrors(diagnostics)) return done(undefined, registry);
  }

  let pipeline: Pipeline | undefined;
  if (detected.format === 'v2') {
    const r = await resolveTopology(doc, loaded.file, registry!, {
      strict: opts.strict ?? false,
      ...opts.intents,
    });
    diagnostics.push(...r.diagnostics);
    pipeline = r.pipeline;
    resolution = r.resolution;
  } else {
    pipeline =
      detected.format === 'v1'
        ? normalizeV1(doc, loaded.file, diagnostics)
        : normalizeLegacy(doc, loaded.file, diagnostics);
  }
  if (!pipeline || hasErrors(diagnostics)) return done(undefined, registry);
  normalized = pipeline;

  if (registry) {
    const r = await resolveReferences(pipeline, registry);
    diagnostics.push(...r.diagnostics);
    pipeline = r.pipeline;
  } else {
    // No registry needed: components still need a runtime.
    const r = await resolveReferences(pipeline, { entries: [], files: [] });
    diagnostics.push(...r.diagnostics);
  }
  if (hasErrors(diagnostics)) return done(undefined, registry);

  if (layered.environment) pipeline = { ...pipeline, environment: layered.environment };
  diagnostics.push(...checkPipeline(pipeline));
  if (hasErrors(diagnostics)) return done(undefined, registry);

  if (opts.policies && opts.policies.length > 0) {
    const { checkPolicies } = await import('./schema/policy.js');
    diagnostics.push(...(await checkPolicies(pipeline, opts.policies, sources)));
  }
  return done(pipeline, registry);
}

/** Whether any component is written as a bare registry reference (so the registry is needed). */
function mentionsReference(doc: Record<string, unknown>): boolean {
  const text = JSON.stringify([doc.spec, doc.source, doc.processors, doc.sink]);
  return /"type":"[^"]*"/.test(text);
}
