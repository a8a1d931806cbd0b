import { buildGraph, type Graph } from './search.js';
import { compareVersions, normalizeVersion, type Registry, type RegistryEntry } from './types.js';

/**
 * The registry entries one flow may use, in registry order (earlier --registry files first,
 * the default registry last; within a file, the order written).
 *
 * Contract: an entry is left out when it declares a `where` label with another value; of
 * several versions of one name, the one `type: name` would pick stays (the highest version,
 * the first file among equals) unless the flow pins a version with `name@version`.
 */
export function candidates(
  registry: Registry,
  where: Readonly<Record<string, string>>,
  pins: ReadonlyMap<string, string>,
): RegistryEntry[] {
  const kept = registry.entries.filter((e) => passesWhere(e, where));
  const chosen = new Map<string, RegistryEntry>();
  for (const e of kept) {
    const pin = pins.get(e.name);
    if (pin !== undefined) {
      if (e.version === pin && !chosen.has(e.name)) chosen.set(e.name, e);
      continue;
    }
    const best = chosen.get(e.name);
    if (!best || compareVersions(e.version, best.version) > 0) chosen.set(e.name, e);
  }
  const keep = new Set(chosen.values());
  return kept.filter((e) => keep.has(e));
}

/** An entry passes `where` unless it declares one of its labels with another value. */
export function passesWhere(e: RegistryEntry, where: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(where)) {
    const label = e.labels[k];
    if (label !== undefined && label !== v) return false;
  }
  return true;
}

/** `name@version` → its parts (version normalised); a bare name has no version. */
export function splitRef(word: string): { name: string; version?: string } {
  const i = word.lastIndexOf('@');
  if (i <= 0) return { name: word };
  return { name: word.slice(0, i), version: normalizeVersion(word.slice(i + 1)) };
}

/** Graphs are cached per registry and candidate set, so several flows share one index. */
const cache = new WeakMap<Registry, Map<string, Graph>>();

export function graphFor(
  registry: Registry,
  where: Readonly<Record<string, string>>,
  pins: ReadonlyMap<string, string>,
): Graph {
  const key = JSON.stringify([Object.entries(where).sort(), [...pins].sort()]);
  let byKey = cache.get(registry);
  if (!byKey) {
    byKey = new Map();
    cache.set(registry, byKey);
  }
  let g = byKey.get(key);
  if (!g) {
    g = buildGraph(candidates(registry, where, pins));
    byKey.set(key, g);
  }
  return g;
}

/** Every word the registry knows, by kind: for "did you mean" and for classifying a word. */
export interface Vocabulary {
  readonly names: ReadonlyMap<string, RegistryEntry>;
  readonly types: ReadonlySet<string>;
  readonly capabilities: ReadonlySet<string>;
  readonly schemes: ReadonlyMap<'source' | 'sink', ReadonlySet<string>>;
}

const vocabularies = new WeakMap<Registry, Vocabulary>();

export function vocabulary(registry: Registry): Vocabulary {
  const cached = vocabularies.get(registry);
  if (cached) return cached;
  const names = new Map<string, RegistryEntry>();
  const types = new Set<string>();
  const capabilities = new Set<string>();
  const schemes = new Map<'source' | 'sink', Set<string>>([
    ['source', new Set()],
    ['sink', new Set()],
  ]);
  for (const e of registry.entries) {
    if (!names.has(e.name)) names.set(e.name, e);
    for (const t of [...e.produces, ...e.consumes]) types.add(t);
    for (const c of e.provides) capabilities.add(c);
    if (e.role !== 'processor') for (const s of e.schemes) schemes.get(e.role)!.add(s.toLowerCase());
  }
  const v = { names, types, capabilities, schemes };
  vocabularies.set(registry, v);
  return v;
}
