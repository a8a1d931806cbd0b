import { basename, isAbsolute } from 'node:path';
import { diag } from '../diagnostics/catalog/index.js';
import { suggest } from '../diagnostics/suggest.js';
import { type Diagnostic, hasErrors } from '../diagnostics/types.js';
import type { Loc, Pipeline } from '../ir.js';
import { type Raw, readStringMap, str } from '../normalize/fields.js';
import { assemble, type FoundFlow } from './assemble.js';
import { graphFor, splitRef } from './candidates.js';
import { type Words, matchEnd, matchVia } from './endpoints.js';
import { ambiguous, LISTED, noPath } from './explain.js';
import { type LockedFlow, lockKeys, lockPathFor, readLock } from './lock.js';
import { search, type SearchProblem } from './search.js';
import { type FlowSpec, readTopology, shown, type TopologySpec } from './topology.js';
import type { Registry } from './types.js';
import { isUri } from './uri.js';

export interface IntentOptions {
  readonly strict?: boolean;
  /** 'check' (default): a lock file beside the topology must agree; 'ignore': do not read it. */
  readonly lock?: 'check' | 'ignore';
}

/** What `flowctl resolve` prints as comments and writes to the lock. */
export interface Resolution {
  readonly flows: readonly ResolvedFlow[];
  /** Component id → why it is in the pipeline, one line per reason. */
  readonly reasons: ReadonlyMap<string, readonly string[]>;
  /** The lock file beside the topology ('' for standard input). */
  readonly lockFile: string;
  readonly locked: readonly LockedFlow[];
}

export interface ResolvedFlow {
  readonly name: string;
  /** Whether the topology named the flow (else the name is `from → to`). */
  readonly named: boolean;
  readonly from: string;
  readonly to: string;
  /** Component names of the chosen chain, source first. */
  readonly chain: readonly string[];
  /** Other equally short chains (names), at most a few; `more` when there were others still. */
  readonly alternatives: readonly (readonly string[])[];
  readonly more: boolean;
  /** The `via` that would pin the chosen chain, when there were alternatives. */
  readonly pin?: readonly string[];
}

/**
 * v2 topology → concrete pipeline. Each flow is resolved on its own (breadth-first, shortest
 * chain, ties by registry order then name, bounded depth); flows then share components
 * (see assemble.ts). Components are registry references (`ref`), so the reference stage that
 * runs next fills in runtime, ports and config defaults exactly as for a v1 file.
 * Deterministic: the result depends only on the document, the registry and the lock file.
 */
export async function resolveTopology(
  doc: Record<string, unknown>,
  file: string,
  registry: Registry,
  opts: IntentOptions,
): Promise<{ pipeline?: Pipeline; diagnostics: Diagnostic[]; resolution?: Resolution }> {
  const diagnostics: Diagnostic[] = [];
  const topo = readTopology(doc as Raw, file, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const keys = lockKeys(topo.flows);
  const found: FoundFlow[] = [];
  topo.flows.forEach((flow, i) => {
    const f = resolveFlow(flow, keys[i], registry, diagnostics);
    if (f) found.push(f);
  });
  if (hasErrors(diagnostics)) return { diagnostics };
  const locked = found.map((f) => ({ flow: f.key, chain: f.chain.steps.map((s) => refOf(f, s)) }));
  const lockFile = lockPathFor(file) ?? '';
  if (opts.lock !== 'ignore' && lockFile !== '')
    diagnostics.push(...checkLock(lockFile, file, found, locked));
  if (hasErrors(diagnostics)) return { diagnostics };
  const { components, reasons } = assemble(found, topo);
  diagnostics.push(...unusedConfig(topo, components));
  const resolution: Resolution = {
    flows: found.map(describe),
    reasons,
    lockFile,
    locked,
  };
  return { pipeline: pipelineOf(doc as Raw, file, components), diagnostics, resolution };
}

/**
 * Resolve one flow: match its words, search, and report no-path (error) or ties (FC2102,
 * unless `quietTies`). Returns up to `limit` shortest chains through the FoundFlow.
 */
export function resolveFlow(
  flow: FlowSpec,
  key: string,
  registry: Registry,
  out: Diagnostic[],
  opts: { limit?: number; quietTies?: boolean } = {},
): FoundFlow | undefined {
  const pins = new Map<string, string>();
  for (const w of [flow.from, flow.to, ...flow.via]) {
    const { name, version } = splitRef(w.value);
    if (version !== undefined && !isUri(w.value)) pins.set(name, version);
  }
  const words: Words = { registry, where: flow.where, pins };
  const graph = graphFor(registry, flow.where, pins);
  const from = matchEnd(words, graph, flow.from, 'from', field(flow.from.loc));
  const to = matchEnd(words, graph, flow.to, 'to', field(flow.to.loc));
  const via = flow.via.map((v) => matchVia(words, graph, v, field(v.loc)));
  const failed = [from, to, ...via].filter((x): x is Diagnostic => typeof x === 'object' && 'code' in x);
  if (failed.length > 0) {
    out.push(...failed);
    return undefined;
  }
  const start = from as Exclude<typeof from, Diagnostic>;
  const end = to as Exclude<typeof to, Diagnostic>;
  const p: SearchProblem = {
    graph,
    starts: start.endpoints,
    goals: end.endpoints,
    via: via as number[],
    maxLength: flow.maxDepth,
  };
  const r = search(p, opts.limit ?? LISTED + 1);
  if (r.chains.length === 0) {
    out.push(noPath(words, flow, p));
    return undefined;
  }
  let pin: string[] | undefined;
  if (r.chains.length > 1) {
    const a = ambiguous(flow, p, r.chains, r.more);
    if (!opts.quietTies) out.push(a.diagnostic);
    pin = a.pins[0];
  }
  return {
    flow,
    key,
    graph,
    chain: r.chains[0],
    alternatives: r.chains.slice(1),
    more: r.more,
    problem: p,
    ...(pin ? { pin } : {}),
    ...(start.uri ? { fromUri: start.uri } : {}),
    ...(end.uri ? { toUri: end.uri } : {}),
  };
}

/** The key a word was written under (from, source, via, process), for messages. */
function field(loc: Loc): string {
  const last = [...loc.path].reverse().find((x) => typeof x === 'string');
  return String(last ?? 'from');
}

function refOf(f: FoundFlow, step: number): string {
  const e = f.graph.entries[step];
  return `${e.name}@${e.version}`;
}

function describe(f: FoundFlow): ResolvedFlow {
  const names = (steps: readonly number[]) => steps.map((s) => f.graph.entries[s].name);
  return {
    name: f.flow.name,
    named: f.flow.named,
    from: shown(f.flow.from.value),
    to: shown(f.flow.to.value),
    chain: names(f.chain.steps),
    alternatives: f.alternatives.map((c) => names(c.steps)),
    more: f.more,
    ...(f.pin ? { pin: f.pin } : {}),
  };
}

function checkLock(lockFile: string, file: string, found: readonly FoundFlow[], now: readonly LockedFlow[]) {
  const lock = readLock(lockFile, file);
  if (lock === undefined) return [];
  if ('code' in lock) return [lock];
  const shown = isAbsolute(lockFile) ? basename(lockFile) : lockFile;
  const out: Diagnostic[] = [];
  found.forEach((f, i) => {
    const locked = lock.flows.get(f.key);
    const current = now[i].chain;
    if (!locked) {
      out.push(diag('FC2110', { flow: f.key, lock: shown }, f.flow.loc));
    } else if (locked.length !== current.length || locked.some((x, j) => x !== current[j])) {
      const middle = locked.slice(1, -1);
      out.push(
        diag(
          'FC2109',
          {
            flow: f.key,
            lock: shown,
            locked: locked.join(' → '),
            now: current.join(' → '),
            pin: `'via: [${(middle.length > 0 ? middle : locked).join(', ')}]'`,
          },
          f.flow.loc,
        ),
      );
    }
  });
  return out;
}

function unusedConfig(topo: TopologySpec, components: readonly { id: string; ref?: { name: string } }[]) {
  const known = new Set<string>();
  for (const c of components) {
    known.add(c.id);
    if (c.ref) known.add(c.ref.name);
  }
  const out: Diagnostic[] = [];
  for (const [name, { loc }] of topo.config) {
    if (known.has(name)) continue;
    const ids = components.map((c) => `'${c.id}'`).join(', ');
    out.push(diag('FC2107', { name, suggestion: suggest(name, known), ids }, { ...loc, key: true }));
  }
  return out;
}

function pipelineOf(doc: Raw, file: string, components: Pipeline['components']): Pipeline {
  const metadata = (doc.metadata ?? {}) as Raw;
  const spec = (doc.spec ?? {}) as Raw;
  const description = str(spec.description) ?? str(metadata.description);
  return {
    format: 'v2',
    file,
    name: String(metadata.name ?? ''),
    nameLoc: { file, path: ['metadata', 'name'] },
    ...(metadata.namespace ? { namespace: String(metadata.namespace) } : {}),
    ...(description !== undefined ? { description } : {}),
    labels: readStringMap(metadata.labels),
    annotations: readStringMap(metadata.annotations),
    ...(spec.driver
      ? { driver: { value: String(spec.driver), loc: { file, path: ['spec', 'driver'] } } }
      : {}),
    config: [],
    ...(spec.endpoint ? { endpoint: String(spec.endpoint) } : {}),
    components,
  };
}
