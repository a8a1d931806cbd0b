import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { at, type ConfigEntry, type Loc, type Located } from '../ir.js';
import { type Raw, readConfig, readStringMap } from '../normalize/fields.js';
import { displayUri, isUri, parseUri } from './uri.js';

/** Default bound on the number of components in a chain. */
export const DEFAULT_MAX_DEPTH = 8;

/** One flow of a v2 topology, as written (short-form words already mapped to from/to/via). */
export interface FlowSpec {
  readonly index: number;
  /** Shown in messages and used as the lock key: `name`, else `from → to`. */
  readonly name: string;
  readonly named: boolean;
  /** The flow's mapping: `spec` for a single flow, `spec.flows[i]` otherwise. */
  readonly loc: Loc;
  readonly from: Located<string>;
  readonly to: Located<string>;
  readonly via: readonly Located<string>[];
  readonly where: Readonly<Record<string, string>>;
  readonly maxDepth: number;
}

export interface TopologySpec {
  readonly flows: readonly FlowSpec[];
  /** spec.config: component name (or instance id) → its config entries. */
  readonly config: ReadonlyMap<string, { readonly entries: readonly ConfigEntry[]; readonly loc: Loc }>;
}

const PAIRS: readonly [string, string][] = [
  ['from', 'source'],
  ['to', 'sink'],
  ['via', 'process'],
];
const FLOW_KEYS = ['name', 'from', 'source', 'to', 'sink', 'via', 'process'];

/**
 * Read the flows of a schema-checked v2 document. One flow written in `spec`, or several in
 * `spec.flows`; spec-level `where` and `max_depth` are defaults every flow may override.
 * Conflicts (`from` beside `source`, a flow beside `flows`) and missing ends are diagnostics.
 */
export function readTopology(doc: Raw, file: string, out: Diagnostic[]): TopologySpec {
  const spec = (doc.spec ?? {}) as Raw;
  const specLoc: Loc = { file, path: ['spec'] };
  const flows: FlowSpec[] = [];
  const defaults = { where: readStringMap(spec.where), maxDepth: depthOf(spec.max_depth) };
  if (Array.isArray(spec.flows)) {
    const stray = FLOW_KEYS.find((k) => spec[k] !== undefined);
    if (stray) out.push(diag('FC2112', { key: stray, other: 'flows' }, { ...at(specLoc, stray), key: true }));
    spec.flows.forEach((raw, i) => {
      const f = readFlow(raw as Raw, i, at(specLoc, 'flows', i), defaults, out);
      if (f) flows.push(f);
    });
  } else {
    const f = readFlow(spec, 0, specLoc, defaults, out);
    if (f) flows.push(f);
  }
  const config = new Map<string, { entries: ConfigEntry[]; loc: Loc }>();
  for (const [name, value] of Object.entries((spec.config ?? {}) as Raw)) {
    const loc = at(specLoc, 'config', name);
    config.set(name, { entries: readConfig(value, loc), loc });
  }
  return { flows, config };
}

function readFlow(
  raw: Raw,
  index: number,
  loc: Loc,
  defaults: { where: Record<string, string>; maxDepth: number },
  out: Diagnostic[],
): FlowSpec | undefined {
  const picked: Record<string, { key: string; value: unknown } | undefined> = {};
  for (const [long, short] of PAIRS) {
    if (raw[long] !== undefined && raw[short] !== undefined)
      out.push(diag('FC2112', { key: short, other: long }, { ...at(loc, short), key: true }));
    const key = raw[long] !== undefined ? long : short;
    picked[long] = raw[key] !== undefined ? { key, value: raw[key] } : undefined;
  }
  const ends = (['from', 'to'] as const).map((k) => {
    const p = picked[k];
    if (p === undefined || typeof p.value !== 'string') {
      const where = loc.path.length === 1 ? "'spec'" : `flow ${index + 1} (spec.flows[${index}])`;
      out.push(diag('FC1013', { key: k === 'from' ? 'from (or source)' : 'to (or sink)', where }, loc));
      return undefined;
    }
    return { value: p.value, loc: at(loc, p.key) };
  });
  const [from, to] = ends;
  if (!from || !to) return undefined;
  const v = picked.via;
  const viaList = v === undefined ? [] : Array.isArray(v.value) ? v.value : [v.value];
  const via = viaList.map((x, i) => ({
    value: String(x),
    loc: Array.isArray(v?.value) ? at(loc, v!.key, i) : at(loc, v!.key),
  }));
  const named = typeof raw.name === 'string' && raw.name !== '';
  return {
    index,
    name: named ? String(raw.name) : `${shown(from.value)} → ${shown(to.value)}`,
    named,
    loc,
    from,
    to,
    via,
    where: { ...defaults.where, ...readStringMap(raw === undefined ? undefined : raw.where) },
    maxDepth: raw.max_depth !== undefined ? depthOf(raw.max_depth) : defaults.maxDepth,
  };
}

/** A word as messages show it: a URI's password hidden. */
export function shown(word: string): string {
  if (!isUri(word)) return word;
  const u = parseUri(word);
  return 'error' in u ? word : displayUri(u);
}

function depthOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) ? v : DEFAULT_MAX_DEPTH;
}
