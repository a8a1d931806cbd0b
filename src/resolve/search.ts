import type { RegistryEntry } from './types.js';

/**
 * Breadth-first search for chains of registry components: a source, processors, a sink, each
 * link carrying an event type the upstream produces and the downstream consumes.
 *
 * Contract: pure and deterministic. The chains returned are the shortest ones (fewest
 * components), in tie-break order: compared position by position from the source, the
 * component earlier in `entries` (registry order) wins, then the smaller name. The first chain
 * is the chosen one. Cost is linear in the size of the registry (each event type is expanded
 * once per via position), so a 10,000-entry registry resolves in milliseconds.
 */

/** An entry allowed at one end of the chain; `type`, when set, is the type that end must carry. */
export interface Endpoint {
  readonly index: number;
  readonly type?: string;
}

export interface SearchProblem {
  /** Candidates in registry order: the index is the rank used to break ties. */
  readonly graph: Graph;
  readonly starts: readonly Endpoint[];
  readonly goals: readonly Endpoint[];
  /** Indexes of components the chain must pass through, in this order. */
  readonly via: readonly number[];
  /** Most components a chain may have. */
  readonly maxLength: number;
}

export interface Chain {
  /** Indexes into graph.entries, source first. */
  readonly steps: readonly number[];
  /** links[i]: the event types carried from steps[i] to steps[i + 1], sorted. */
  readonly links: readonly (readonly string[])[];
}

export interface SearchResult {
  /** Shortest chains, best first, at most `limit`; empty when there is none. */
  readonly chains: readonly Chain[];
  /** More equally short chains exist than were returned. */
  readonly more: boolean;
}

/** Candidates indexed by the event types they produce and consume. */
export interface Graph {
  readonly entries: readonly RegistryEntry[];
  /** type → indexes of sources and processors producing it, ascending. */
  readonly producers: ReadonlyMap<string, readonly number[]>;
  /** type → indexes of processors and sinks consuming it, ascending. */
  readonly consumers: ReadonlyMap<string, readonly number[]>;
  /** type → a dense number, for bookkeeping arrays. */
  readonly typeIds: ReadonlyMap<string, number>;
  /** The same facts by number, for the search's inner loops: 0 source, 1 processor, 2 sink. */
  readonly roles: Uint8Array;
  readonly consumesIds: readonly (readonly number[])[];
  readonly producersById: readonly (readonly number[])[];
}

/** Index candidates (already filtered and in registry order) by event type. */
export function buildGraph(entries: readonly RegistryEntry[]): Graph {
  const producers = new Map<string, number[]>();
  const consumers = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, t: string, i: number) => {
    const list = m.get(t);
    if (!list) m.set(t, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  const typeIds = new Map<string, number>();
  const id = (t: string) => {
    if (!typeIds.has(t)) typeIds.set(t, typeIds.size);
  };
  entries.forEach((e, i) => {
    if (e.role !== 'sink') for (const t of e.produces) add(producers, t, i);
    if (e.role !== 'source') for (const t of e.consumes) add(consumers, t, i);
    for (const t of e.produces) id(t);
    for (const t of e.consumes) id(t);
  });
  const roles = Uint8Array.from(entries, (e) => (e.role === 'source' ? 0 : e.role === 'processor' ? 1 : 2));
  const consumesIds = entries.map((e) => (e.role === 'source' ? [] : e.consumes.map((t) => typeIds.get(t)!)));
  const producersById = [...typeIds.keys()].map((t) => producers.get(t) ?? []);
  return { entries, producers, consumers, typeIds, roles, consumesIds, producersById };
}

/** Find the shortest chains for one problem; at most `limit` of them (default 2). */
export function search(p: SearchProblem, limit = 2): SearchResult {
  const h = distances(p);
  const K = p.via.length + 1;
  const starts = [...mergeEndpoints(p.starts)]
    .map(([index, type]) => ({ index, type }))
    .filter((s) => h[s.index * K + startK(p, s.index)] >= 0)
    .sort((a, b) => order(p.graph, a.index, b.index));
  if (starts.length === 0) return { chains: [], more: false };
  const best = Math.min(...starts.map((s) => h[s.index * K + startK(p, s.index)]));
  const chains: Chain[] = [];
  let more = false;
  const goalType = mergeEndpoints(p.goals);
  const walk = (steps: number[], links: string[][], k: number, startType?: string): boolean => {
    const u = steps[steps.length - 1];
    const left = h[u * K + k];
    if (left === 0) {
      if (chains.length === limit) {
        more = true;
        return false;
      }
      chains.push({ steps: [...steps], links: links.map((l) => [...l]) });
      return true;
    }
    const fits = (v: number) => h[v * K + nextK(p, k, v)] === left - 1;
    for (const { v, types } of successors(p, u, startType, goalType, fits)) {
      const k2 = nextK(p, k, v);
      steps.push(v);
      links.push(types);
      const go = walk(steps, links, k2);
      steps.pop();
      links.pop();
      if (!go) return false;
    }
    return true;
  };
  for (const s of starts) {
    if (h[s.index * K + startK(p, s.index)] !== best) continue;
    if (!walk([s.index], [], startK(p, s.index), s.type)) break;
  }
  return { chains, more };
}

/** Registry order, then name: the tie-break between two candidates. */
function order(g: Graph, a: number, b: number): number {
  if (a !== b) return a - b;
  const na = g.entries[a].name;
  const nb = g.entries[b].name;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** index → the type that end must carry; an endpoint listed without a type lifts the restriction. */
function mergeEndpoints(list: readonly Endpoint[]): Map<number, string | undefined> {
  const out = new Map<number, string | undefined>();
  for (const e of list) {
    if (!out.has(e.index)) out.set(e.index, e.type);
    else if (out.get(e.index) !== e.type) out.set(e.index, undefined);
  }
  return out;
}

function startK(p: SearchProblem, s: number): number {
  return p.via.length > 0 && p.via[0] === s ? 1 : 0;
}

function nextK(p: SearchProblem, k: number, v: number): number {
  return k < p.via.length && p.via[k] === v ? k + 1 : k;
}

/**
 * h[v * K + k]: fewest links from state (v, k) to a goal (v a goal sink, every via matched),
 * or -1. State (v, k) means: the chain has reached v with the first k via entries matched.
 * Backward BFS from the goals; each (event type, k) is expanded once, which keeps the search
 * linear even when thousands of components share a type.
 */
function distances(p: SearchProblem): Int32Array {
  const { graph, via } = p;
  const V = via.length;
  const K = V + 1;
  const h = new Int32Array(graph.entries.length * K).fill(-1);
  // Per entry: -2 not a start, -1 a start whose first link may carry any type, else the type id.
  const startType = new Int32Array(graph.entries.length).fill(-2);
  for (const [i, t] of mergeEndpoints(p.starts))
    startType[i] = t === undefined ? -1 : (graph.typeIds.get(t) ?? -2);
  const goalType = new Int32Array(graph.entries.length).fill(-1);
  for (const [i, t] of mergeEndpoints(p.goals)) if (t !== undefined) goalType[i] = graph.typeIds.get(t) ?? -3;
  const expanded = new Uint8Array(graph.typeIds.size * K);
  let frontier: number[] = [];
  for (const g of p.goals) {
    const state = g.index * K + V;
    if (graph.roles[g.index] !== 2 || h[state] === 0) continue;
    h[state] = 0;
    frontier.push(state);
  }
  const expand = (t: number, k1: number, d: number, next: number[]): boolean => {
    const key = t * K + k1;
    if (expanded[key] === 1) return false;
    expanded[key] = 1;
    let startFound = false;
    for (const u of graph.producersById[t]) {
      const source = graph.roles[u] === 0;
      if (source) {
        const st = startType[u];
        if (st === -2 || startK(p, u) !== k1 || (st >= 0 && st !== t)) continue;
      }
      const s2 = u * K + k1;
      if (h[s2] !== -1) continue;
      h[s2] = d;
      if (source) startFound = true;
      else next.push(s2);
    }
    return startFound;
  };
  // Level by level; once a start is reached, no longer chain can be the shortest: stop there.
  let reached = false;
  for (let d = 1; d < p.maxLength && frontier.length > 0 && !reached; d++) {
    const next: number[] = [];
    for (const state of frontier) {
      const v = (state - (state % K)) / K;
      const k = state % K;
      const only = graph.roles[v] === 2 ? goalType[v] : -1;
      const matched = k >= 1 && via[k - 1] === v;
      const unmatched = !(k < V && via[k] === v);
      for (const t of graph.consumesIds[v]) {
        if (only !== -1 && t !== only) continue;
        if (matched && expand(t, k - 1, d, next)) reached = true;
        if (unmatched && expand(t, k, d, next)) reached = true;
      }
    }
    frontier = next;
  }
  return h;
}

/** Components that can follow u, in tie-break order, with the types each link carries. */
function successors(
  p: SearchProblem,
  u: number,
  startType: string | undefined,
  goalType: ReadonlyMap<number, string | undefined>,
  fits: (v: number) => boolean,
): { v: number; types: string[] }[] {
  const { graph } = p;
  const found = new Map<number, string[]>();
  const types = startType !== undefined ? [startType] : graph.entries[u].produces;
  for (const t of types) {
    for (const v of graph.consumers.get(t) ?? []) {
      if (!fits(v)) continue;
      const ve = graph.entries[v];
      if (ve.role === 'sink') {
        if (!goalType.has(v)) continue;
        const gt = goalType.get(v);
        if (gt !== undefined && gt !== t) continue;
      }
      const list = found.get(v);
      if (!list) found.set(v, [t]);
      else if (!list.includes(t)) list.push(t);
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => order(graph, a, b))
    .map(([v, ts]) => ({ v, types: ts.sort() }));
}

/** Event types reachable downstream of the starts, and the sinks that accept any of them. */
export function reachableFrom(
  g: Graph,
  starts: readonly Endpoint[],
  maxLength: number,
): { types: string[]; sinks: number[] } {
  const types = new Set<string>();
  const sinks = new Set<number>();
  const seen = new Set<number>();
  let frontier: string[] = [];
  for (const s of starts) {
    for (const t of s.type !== undefined ? [s.type] : g.entries[s.index].produces) {
      if (!types.has(t)) frontier.push(t);
      types.add(t);
    }
  }
  for (let d = 1; d < maxLength && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const t of frontier) {
      for (const v of g.consumers.get(t) ?? []) {
        if (seen.has(v)) continue;
        seen.add(v);
        const e = g.entries[v];
        if (e.role === 'sink') sinks.add(v);
        else
          for (const t2 of e.produces)
            if (!types.has(t2)) {
              types.add(t2);
              next.push(t2);
            }
      }
    }
    frontier = next;
  }
  return { types: [...types].sort(), sinks: [...sinks].sort((a, b) => a - b) };
}
