import { isAbsolute, basename } from 'node:path';
import type { Component, ConfigEntry, Loc, Located } from '../ir.js';
import type { Chain, Graph, SearchProblem } from './search.js';
import type { FlowSpec, TopologySpec } from './topology.js';
import { DEFAULT_REGISTRY_LABEL } from './registry.js';
import type { RegistryEntry } from './types.js';
import { displayUri, type ParsedUri, uriConfig } from './uri.js';

/** One flow's search outcome, as the assembler needs it. */
export interface FoundFlow {
  readonly flow: FlowSpec;
  readonly key: string;
  readonly graph: Graph;
  readonly chain: Chain;
  readonly alternatives: readonly Chain[];
  readonly more: boolean;
  /** The search that found the chain (graph, endpoints, via indexes). */
  readonly problem: SearchProblem;
  /** When chains tied: the `via` (names) that pins the chosen one. */
  readonly pin?: readonly string[];
  readonly fromUri?: ParsedUri;
  readonly toUri?: ParsedUri;
}

interface Instance {
  readonly id: string;
  readonly entry: RegistryEntry;
  readonly loc: Loc;
  readonly uriConfig: readonly ConfigEntry[];
  readonly inputs: Located<string>[];
  readonly reasons: string[];
}

/**
 * Turn chosen chains into components. Flows share a component where the data it sees is the
 * same: a source or processor is shared when everything upstream of it is (same entries,
 * same URI config), a sink whenever it is the same entry with the same URI config. The first
 * instance of an entry is named after it; later ones get -2, -3, ... Components come out
 * grouped by role (sources, processors, sinks), each group in order of first appearance.
 */
export function assemble(
  found: readonly FoundFlow[],
  topo: TopologySpec,
): { components: Component[]; reasons: Map<string, string[]> } {
  const byKey = new Map<string, Instance>();
  const ids = new Set<string>();
  const made: Instance[] = [];
  for (const f of found) {
    let prev: Instance | undefined;
    const steps = f.chain.steps;
    let k = 0;
    steps.forEach((index, i) => {
      const entry = f.graph.entries[index];
      const via = f.problem.via;
      const viaHit = k < via.length && via[k] === index ? k++ : -1;
      const loc =
        i === 0
          ? f.flow.from.loc
          : i === steps.length - 1
            ? f.flow.to.loc
            : viaHit >= 0
              ? f.flow.via[viaHit].loc
              : f.flow.loc;
      const uri = i === 0 ? f.fromUri : i === steps.length - 1 ? f.toUri : undefined;
      const cfg = uri ? uriConfig(entry, uri, loc) : [];
      const sig = `${entry.name}@${entry.version}|${JSON.stringify(cfg.map((c) => [c.key, c.value]))}`;
      const key = entry.role === 'sink' ? `sink|${sig}` : `${prev?.id ?? ''}|${sig}`;
      let inst = byKey.get(key);
      if (!inst) {
        inst = {
          id: uniqueId(entry.name, ids),
          entry,
          loc,
          uriConfig: cfg,
          inputs: [],
          reasons: [origin(entry)],
        };
        byKey.set(key, inst);
        made.push(inst);
      }
      if (prev && !inst.inputs.some((x) => x.value === prev!.id)) inst.inputs.push({ value: prev.id, loc });
      inst.reasons.push(stepReason(f, i, prev, viaHit >= 0, uri, found.length > 1));
      prev = inst;
    });
  }
  const order = ['source', 'processor', 'sink'];
  const sorted = [...made].sort((a, b) => order.indexOf(a.entry.role) - order.indexOf(b.entry.role));
  const reasons = new Map(sorted.map((x) => [x.id, x.reasons]));
  return { components: sorted.map((x) => toComponent(x, topo)), reasons };
}

function uniqueId(name: string, ids: Set<string>): string {
  let id = name;
  for (let n = 2; ids.has(id); n++) id = `${name}-${n}`;
  ids.add(id);
  return id;
}

function toComponent(x: Instance, topo: TopologySpec): Component {
  const explicit = [
    ...(topo.config.get(x.entry.name)?.entries ?? []),
    ...(x.id !== x.entry.name ? (topo.config.get(x.id)?.entries ?? []) : []),
  ];
  const config = new Map<string, ConfigEntry>();
  for (const c of x.uriConfig) config.set(c.key, c);
  for (const c of explicit) config.set(c.key, c);
  return {
    id: x.id,
    loc: x.loc,
    role: x.entry.role,
    ref: { name: x.entry.name, version: x.entry.version, loc: x.loc },
    args: [],
    env: [],
    config: [...config.values()],
    inputs: x.inputs,
    dependsOn: [],
    consumes: [],
    produces: [],
    ports: [],
    volumes: [],
    secrets: [],
    replicas: undefined,
    labels: {},
    envMapping: {},
  };
}

function origin(e: RegistryEntry): string {
  const from =
    e.registry === DEFAULT_REGISTRY_LABEL
      ? 'the default registry'
      : `${isAbsolute(e.registry) ? basename(e.registry) : e.registry}`;
  return `${e.name}@${e.version} from ${from}${e.description ? `: ${e.description.replace(/\.$/, '')}` : ''}`;
}

function stepReason(
  f: FoundFlow,
  i: number,
  prev: Instance | undefined,
  viaHit: boolean,
  uri: ParsedUri | undefined,
  several: boolean,
): string {
  const steps = f.chain.steps;
  const entry = f.graph.entries[steps[i]];
  const head = `${several ? `flow '${f.flow.name}', step` : 'step'} ${i + 1} of ${steps.length}`;
  const parts: string[] = [];
  if (i === 0) parts.push(endReason(entry, f.flow.from.value, 'from', uri));
  if (prev) parts.push(`consumes ${f.chain.links[i - 1].join(', ')} from ${prev.id}`);
  if (i > 0 && i < steps.length - 1) parts.push(`produces ${f.chain.links[i].join(', ')}`);
  if (viaHit) parts.push("named in 'via'");
  if (i === steps.length - 1) parts.push(endReason(entry, f.flow.to.value, 'to', uri));
  return `${head}: ${parts.join('; ')}`;
}

function endReason(e: RegistryEntry, word: string, field: string, uri: ParsedUri | undefined): string {
  if (uri) return `serves ${uri.scheme}:// URIs (${field}: ${displayUri(uri)})`;
  const name = word.split('@')[0];
  if (e.name === name) return `named in '${field}'`;
  if (e.provides.includes(word)) return `provides ${word} (${field}: ${word})`;
  return `${field === 'from' ? 'produces' : 'consumes'} ${word} (${field}: ${word})`;
}
