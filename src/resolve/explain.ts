import { diag } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { graphFor, passesWhere, splitRef } from './candidates.js';
import { list, matchWord, sample, type Words } from './endpoints.js';
import { type Chain, type Graph, reachableFrom, type SearchProblem, search } from './search.js';
import { type FlowSpec, shown } from './topology.js';

/** The longest chain the no-path explanation looks for when max_depth was the obstacle. */
const WIDE_DEPTH = 32;

/** `a → b → c` */
export function chainText(g: Graph, c: Chain): string {
  return c.steps.map((i) => g.entries[i].name).join(' → ');
}

/**
 * FC2101 for a flow with no chain: first the obstacle the user wrote (max_depth, via, where),
 * when lifting it finds a chain; otherwise what the `from` side reaches and what the `to`
 * side accepts, so the user can see the gap.
 */
export function noPath(w: Words, flow: FlowSpec, p: SearchProblem): Diagnostic {
  const args = { flow: flow.name, from: shown(flow.from.value), to: shown(flow.to.value), max: p.maxLength };
  return diag('FC2101', { ...args, detail: obstacle(w, flow, p) ?? gap(flow, p) }, flow.loc);
}

function obstacle(w: Words, flow: FlowSpec, p: SearchProblem): string | undefined {
  const deeper = search({ ...p, maxLength: WIDE_DEPTH }, 1).chains[0];
  if (deeper) {
    const n = deeper.steps.length;
    return `the shortest chain, '${chainText(p.graph, deeper)}', has ${n} components; set 'max_depth: ${n}' on the flow`;
  }
  if (p.via.length > 0) {
    const free = search({ ...p, via: [] }, 1).chains[0];
    if (free)
      return `chains exist, such as '${chainText(p.graph, free)}', but none passes through ${list(
        flow.via.map((v) => v.value),
      )} in that order; change or drop 'via'`;
  }
  if (Object.keys(w.where).length > 0) {
    const wide = graphFor(w.registry, {}, w.pins);
    const starts = matchWord(wide, flow.from.value, 'from');
    const goals = matchWord(wide, flow.to.value, 'to');
    const via = flow.via.map((v) => {
      const { name, version } = splitRef(v.value);
      return wide.entries.findIndex(
        (e) => e.name === name && (version === undefined || e.version === version),
      );
    });
    if (!via.includes(-1)) {
      const found = search({ graph: wide, starts, goals, via, maxLength: p.maxLength }, 1).chains[0];
      if (found) {
        const blocked = found.steps.map((i) => wide.entries[i]).find((e) => !passesWhere(e, w.where));
        const clash = blocked && Object.entries(w.where).find(([k, v]) => (blocked.labels[k] ?? v) !== v);
        // Without a clash, `where` changed which version of a component stays.
        const why =
          blocked && clash
            ? `'${blocked.name}' (its label ${clash[0]} is ${blocked.labels[clash[0]]})`
            : 'a version it needs';
        return `'${chainText(wide, found)}' would do, but 'where' leaves out ${why}; relax 'where'`;
      }
    }
  }
  return undefined;
}

function gap(flow: FlowSpec, p: SearchProblem): string {
  const g = p.graph;
  const reach = reachableFrom(g, p.starts, p.maxLength);
  const sinks = [...new Set(reach.sinks.map((i) => g.entries[i].name))];
  const goalNames = [...new Set(p.goals.map((e) => g.entries[e.index].name))];
  const accepts = [
    ...new Set(p.goals.flatMap((e) => (e.type !== undefined ? [e.type] : g.entries[e.index].consumes))),
  ].sort();
  const reached = `from '${shown(flow.from.value)}' the registry reaches ${sample(reach.types)}${
    sinks.length > 0 ? ` and the sinks ${sample(sinks)}` : ' and no sink'
  }`;
  const wanted = `'${shown(flow.to.value)}' (${sample(goalNames, 3)}) accepts ${sample(accepts)}`;
  const fix =
    sinks.length > 0
      ? `write 'to: ${sinks[0]}', or add a processor from ${list(reach.types.slice(0, 1))} to ${list(accepts.slice(0, 1))} to a registry file`
      : `add a processor from ${list(reach.types.slice(0, 1))} to ${list(accepts.slice(0, 1))} to a registry file`;
  return `${reached}, while ${wanted}; ${fix}`;
}

/** Most tied chains an FC2102 lists. */
export const LISTED = 3;

/**
 * FC2102 for a flow with several shortest chains. Each listed chain comes with the shortest
 * `via` that selects it alone (the user's own via entries kept), checked by searching again.
 */
export function ambiguous(
  flow: FlowSpec,
  p: SearchProblem,
  chains: readonly Chain[],
  more: boolean,
): { diagnostic: Diagnostic; pins: string[][] } {
  const g = p.graph;
  const shown = chains.slice(0, LISTED);
  const pins = shown.map((c) => pinFor(p, c, shown));
  const text = shown.map((c, i) => `(${i + 1}) ${chainText(g, c)}`).join(', ');
  const pinText = pins.map((pin, i) => `'via: [${pin.join(', ')}]' for (${i + 1})`).join(', ');
  const count = more || chains.length > LISTED ? `at least ${chains.length}` : String(chains.length);
  return {
    diagnostic: diag('FC2102', { flow: flow.name, count, chains: text, pins: pinText }, flow.loc),
    pins,
  };
}

/**
 * Names for a `via` that makes `c` the only shortest chain: the components that set it apart
 * from the other listed chains (the user's own via entries kept), checked by one more search;
 * else the whole chain, which no other chain of the same length can contain.
 */
export function pinFor(p: SearchProblem, c: Chain, others: readonly Chain[]): string[] {
  const g = p.graph;
  const userVia = new Set(p.via);
  const distinct = c.steps.filter(
    (s) => userVia.has(s) || others.some((o) => o !== c && !o.steps.includes(s)),
  );
  if (distinct.length > 0 && distinct.length < c.steps.length) {
    const r = search({ ...p, via: distinct }, 2);
    if (r.chains.length === 1 && !r.more && same(r.chains[0], c))
      return distinct.map((i) => g.entries[i].name);
  }
  return c.steps.map((i) => g.entries[i].name);
}

function same(a: Chain, b: Chain): boolean {
  return a.steps.length === b.steps.length && a.steps.every((s, i) => s === b.steps[i]);
}
