// Intent resolution against generated registries of 100, 1,000 and 10,000 entries (DESIGN §8:
// under 50 ms per intent at 10,000). Uses the built compiler in dist/ (npm run build first).
//
//   node bench/resolve.mjs            prints one JSON document
//   import { benchResolve } from './resolve.mjs'; await benchResolve({ sizes: [100] })
//
// Two registry shapes, both deterministic (seeded): "layered", event types in layers with
// processors between neighbouring layers (like real registries: chains of a few hops), and
// "dense", every processor on a handful of types (the worst case for a search that is not
// careful). Each intent is one flow resolved the way `flowctl resolve` does it: words matched,
// breadth-first search, ties explained (FC2102) or a missing path explained (FC2101).
// Registry loading (YAML parsing) is not timed; the index the search builds per registry is,
// separately ("indexMs") and as part of the first intent ("coldMs"). Times are wall-clock;
// "medianCpuMs" is the process CPU time, steadier when the machine is shared.

import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);

/** A small, seeded PRNG (mulberry32): the same seed gives the same registry everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function entry(name, role, produces, consumes, provides = []) {
  return {
    name,
    version: '1.0.0',
    role,
    produces,
    consumes,
    provides,
    labels: {},
    schemes: [],
    envMapping: {},
    args: [],
    env: [],
    ports: [],
    registry: 'bench',
    loc: { file: 'bench', path: [] },
  };
}

/** n entries: 10% sources, 80% processors, 10% sinks. */
export function generateRegistry(n, shape, seed = 1) {
  const r = rng(seed);
  const pick = (k) => Math.floor(r() * k);
  const layers = 8;
  const perLayer = shape === 'dense' ? 1 : Math.max(2, Math.round(n / 200));
  const type = (layer, i) => `t${layer}.${i}`;
  const anyType = (layer) => type(layer, pick(perLayer));
  const entries = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 10 === 0 ? 'source' : i % 10 === 9 ? 'sink' : 'processor';
    const layer = pick(layers - 1);
    if (kind === 'source') entries.push(entry(`src-${i}`, 'source', [anyType(0)], [], [`cap${pick(20)}`]));
    else if (kind === 'sink')
      entries.push(entry(`sink-${i}`, 'sink', [], [anyType(1 + pick(layers - 1))], [`cap${pick(20)}`]));
    else entries.push(entry(`proc-${i}`, 'processor', [anyType(layer + 1)], [anyType(layer)]));
  }
  return { entries, files: [] };
}

/** Intents: from a layer-0 type to a capability (most resolve, some tie, some have no path). */
function intents(n, shape, count, seed = 7) {
  const r = rng(seed);
  const perLayer = shape === 'dense' ? 1 : Math.max(2, Math.round(n / 200));
  return Array.from({ length: count }, () => ({
    from: `t0.${Math.floor(r() * perLayer)}`,
    to: `cap${Math.floor(r() * 20)}`,
  }));
}

function flowOf(i, from, to) {
  const loc = (...path) => ({ file: 'bench.yaml', path });
  return {
    index: i,
    name: `${from} → ${to}`,
    named: false,
    loc: loc('spec'),
    from: { value: from, loc: loc('spec', 'from') },
    to: { value: to, loc: loc('spec', 'to') },
    via: [],
    where: {},
    maxDepth: 8,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 100) / 100;

/** Time resolution per size and shape; returns plain data (also printed by the CLI entry). */
export async function benchResolve({ sizes = [100, 1_000, 10_000], count = 40 } = {}) {
  const { resolveFlow } = await import(new URL('resolve/intents.js', dist).href);
  const { buildGraph } = await import(new URL('resolve/search.js', dist).href);
  const { candidates } = await import(new URL('resolve/candidates.js', dist).href);
  const results = [];
  for (const shape of ['layered', 'dense']) {
    for (const n of sizes) {
      const registry = generateRegistry(n, shape);
      const c0 = process.cpuUsage();
      let t = performance.now();
      buildGraph(candidates(registry, {}, new Map()));
      const indexMs = performance.now() - t;
      const indexCpu = process.cpuUsage(c0);
      const fresh = generateRegistry(n, shape); // a registry the cache has not seen
      const list = intents(n, shape, count);
      t = performance.now();
      resolveFlow(flowOf(0, list[0].from, list[0].to), 'k', fresh, []);
      const coldMs = performance.now() - t;
      const times = [];
      const cpu = [];
      let found = 0;
      let ties = 0;
      for (let i = 0; i < list.length; i++) {
        const out = [];
        const c = process.cpuUsage();
        t = performance.now();
        const f = resolveFlow(flowOf(i, list[i].from, list[i].to), 'k', fresh, out);
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        if (f) found++;
        if (out.some((d) => d.code === 'FC2102')) ties++;
      }
      results.push({
        shape,
        entries: n,
        intents: list.length,
        resolved: found,
        ambiguous: ties,
        noPath: list.length - found,
        indexMs: round(indexMs),
        indexCpuMs: round((indexCpu.user + indexCpu.system) / 1000),
        coldMs: round(coldMs),
        medianMs: round(median(times)),
        maxMs: round(Math.max(...times)),
        medianCpuMs: round(median(cpu)),
      });
    }
  }
  const worst = Math.max(...results.filter((x) => x.entries === Math.max(...sizes)).map((x) => x.maxMs));
  return { benchmark: 'intent-resolution', budgetMsPerIntent: 50, worstMsAtLargest: worst, results };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await benchResolve();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
