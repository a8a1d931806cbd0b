import { diag } from '../diagnostics/catalog/index.js';
import type { SourceSet } from '../diagnostics/sources.js';
import { suggest } from '../diagnostics/suggest.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { EnvironmentInfo, EnvironmentTarget, Loc } from '../ir.js';
import { EXTENDS } from './extends.js';
import { pin } from './locate.js';
import { type LMap, type LNode, locOf, merge, open } from './tree.js';

export const ENVIRONMENTS = 'environments';
/** Key of an overlay that names apply's default target instead of merging into the pipeline. */
export const TARGET = 'target';

const TARGETS: ReadonlyMap<string, EnvironmentTarget> = new Map([
  ['docker', 'docker'],
  ['compose', 'docker'],
  ['docker-compose', 'docker'],
  ['kubernetes', 'kubernetes'],
  ['k8s', 'kubernetes'],
  ['nomad', 'nomad'],
  ['local', 'local'],
  ['process', 'local'],
  ['bash', 'local'],
]);

/** Names of the environments a merged document defines, in written order. */
export function environmentNames(root: LNode): string[] {
  const found = root.kind === 'map' ? root.entries.get(ENVIRONMENTS) : undefined;
  const envs = found && open(found);
  if (envs?.kind !== 'map') return [];
  return [...envs.entries].filter(([, v]) => v.kind !== 'delete').map(([k]) => k);
}

/**
 * The pipeline without its `environments`, with the overlay `env` (when given) merged over
 * it. Malformed environments and an unknown name are diagnostics.
 */
export function applyEnvironment(
  root: LMap,
  env: string | undefined,
  sources: SourceSet,
  out: Diagnostic[],
): { root: LNode; environment?: EnvironmentInfo } {
  const found = root.entries.get(ENVIRONMENTS);
  const envs = found && open(found);
  const entries = new Map(root.entries);
  entries.delete(ENVIRONMENTS);
  const without: LMap = { ...root, entries };
  if (envs !== undefined && !checkEnvironments(envs, sources, out)) return { root: without };
  if (env === undefined) return { root: without };
  const names = envs ? environmentNames(root) : [];
  const listed = envs?.kind === 'map' ? envs.entries.get(env) : undefined;
  const overlay = listed && open(listed);
  if (overlay === undefined || overlay.kind === 'delete') {
    const defined = names.length ? `defined: ${names.join(', ')}` : 'the pipeline defines no environments';
    const s = suggest(env, names);
    const loc = envs ? pin(sources, { ...locOf(envs.origin), key: true }) : undefined;
    out.push(diag('FC1109', { env, defined, ...(s ? { suggestion: s } : {}) }, loc));
    return { root: without };
  }
  if (overlay.kind !== 'map') return { root: without, environment: { name: env } }; // `dev:` is empty
  const body = new Map(overlay.entries);
  body.delete(TARGET);
  const target = readTarget(overlay.entries.get(TARGET), sources, out);
  return {
    root: merge(without, { ...overlay, entries: body }),
    environment: { name: env, ...(target ? { target } : {}) },
  };
}

function checkEnvironments(envs: LNode, sources: SourceSet, out: Diagnostic[]): boolean {
  const bad = (detail: string, loc: Loc) => out.push(diag('FC1110', { detail }, pin(sources, loc)));
  if (envs.kind !== 'map') {
    bad('environments must be a mapping of environment names to overlays', locOf(envs.origin));
    return false;
  }
  let ok = true;
  for (const [name, written] of envs.entries) {
    const o = open(written);
    if (o.kind === 'delete' || (o.kind === 'scalar' && o.value === null)) continue;
    if (o.kind !== 'map') {
      bad(`the environment '${name}' must be a mapping (an overlay of the pipeline)`, locOf(o.origin));
      ok = false;
      continue;
    }
    for (const k of [EXTENDS, ENVIRONMENTS]) {
      const v = o.entries.get(k);
      if (v) {
        bad(`an environment overlay cannot hold '${k}'; put it at the top level of the file`, {
          ...locOf(v.origin),
          key: true,
        });
        ok = false;
      }
    }
  }
  return ok;
}

function readTarget(t: LNode | undefined, sources: SourceSet, out: Diagnostic[]) {
  if (t === undefined || t.kind === 'delete') return undefined;
  const loc = pin(sources, locOf(t.origin));
  const canonical = t.kind === 'scalar' && typeof t.value === 'string' ? TARGETS.get(t.value) : undefined;
  if (!canonical) {
    out.push(diag('FC1113', { value: t.kind === 'scalar' ? String(t.value) : 'a mapping or list' }, loc));
    return undefined;
  }
  return { value: canonical, loc };
}
