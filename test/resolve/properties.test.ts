import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchWord } from '../../src/resolve/endpoints.js';
import { buildGraph, search } from '../../src/resolve/search.js';
import type { RegistryEntry } from '../../src/resolve/types.js';
import { entry } from './support.js';

// Properties of the chain search over small random registries, checked against a brute-force
// enumeration written from the definition (not from the search's code):
//  - every chain found is type-correct end to end;
//  - no shorter chain exists, and the tie-break picks the first of all shortest chains in
//    registry order;
//  - the result depends on nothing but the inputs.

const TYPES = ['a', 'b', 'c'];
const CAPS = ['cap1', 'cap2'];
const MAX = 5;

interface Case {
  entries: RegistryEntry[];
  from: string;
  to: string;
  via: string[];
  maxLength: number;
}

const subset = (xs: string[], minLength = 0) =>
  fc.subarray(xs, { minLength, maxLength: Math.min(3, xs.length) });

const arbEntry = (i: number, role?: string) =>
  fc
    .record({
      role: role
        ? fc.constant(role)
        : fc.constantFrom('source', 'processor', 'processor', 'processor', 'sink'),
      produces: subset(TYPES, 1),
      consumes: subset(TYPES, 1),
      provides: subset(CAPS),
    })
    .map((r) =>
      entry({
        name: `e${i}`,
        role: r.role as RegistryEntry['role'],
        produces: r.role === 'sink' ? [] : r.produces,
        consumes: r.role === 'source' ? [] : r.consumes,
        provides: r.provides,
      }),
    );

const arbCase: fc.Arbitrary<Case> = fc
  .record({ n: fc.integer({ min: 3, max: 7 }), src: fc.nat(), sink: fc.nat() })
  .chain(({ n, src, sink }) => {
    // At least one source and one sink, at random places in registry order.
    const s = src % n;
    const k = (s + 1 + (sink % (n - 1))) % n;
    return fc.tuple(
      ...Array.from({ length: n }, (_, i) => arbEntry(i, i === s ? 'source' : i === k ? 'sink' : undefined)),
    );
  })
  .chain((entries) => {
    const names = entries.map((e) => e.name);
    // Words that name something on the right side most of the time, anything sometimes.
    const side = (role: string, own: (e: RegistryEntry) => readonly string[]) => {
      const near = entries.filter((e) => e.role === role).flatMap((e) => [e.name, ...e.provides, ...own(e)]);
      const any = fc.constantFrom(...TYPES, ...CAPS, ...names);
      return near.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...near) }, any) : any;
    };
    return fc.record({
      entries: fc.constant(entries),
      from: side('source', (e) => e.produces),
      to: side('sink', (e) => e.consumes),
      via: fc.oneof(
        { weight: 3, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray(names, { minLength: 1, maxLength: 2 }) },
      ),
      maxLength: fc.integer({ min: 3, max: MAX }),
    });
  });

/** How an entry matches an end: 'any' (by name or capability), 'typed', or not at all. */
function matches(e: RegistryEntry, word: string, side: 'from' | 'to'): 'any' | 'typed' | undefined {
  if (e.role !== (side === 'from' ? 'source' : 'sink')) return undefined;
  if (e.name === word || e.provides.includes(word)) return 'any';
  if ((side === 'from' ? e.produces : e.consumes).includes(word)) return 'typed';
  return undefined;
}

function linkTypes(c: Case, chain: number[], i: number): string[] {
  const u = c.entries[chain[i]];
  const v = c.entries[chain[i + 1]];
  let types = u.produces.filter((t) => v.consumes.includes(t));
  if (i === 0 && matches(u, c.from, 'from') === 'typed') types = types.filter((t) => t === c.from);
  if (i === chain.length - 2 && matches(v, c.to, 'to') === 'typed') types = types.filter((t) => t === c.to);
  return types.sort();
}

function isSubsequence(via: string[], names: string[]): boolean {
  let k = 0;
  for (const n of names) if (k < via.length && via[k] === n) k++;
  return k === via.length;
}

/** The definition of a valid chain. */
function valid(c: Case, chain: number[]): boolean {
  const es = chain.map((i) => c.entries[i]);
  if (es.length < 2 || es.length > c.maxLength) return false;
  if (!matches(es[0], c.from, 'from') || !matches(es[es.length - 1], c.to, 'to')) return false;
  if (es.slice(1, -1).some((e) => e.role !== 'processor')) return false;
  for (let i = 0; i < chain.length - 1; i++) if (linkTypes(c, chain, i).length === 0) return false;
  return isSubsequence(
    c.via,
    es.map((e) => e.name),
  );
}

/** Every valid chain of the shortest length, in registry order (lexicographic by index). */
function bruteForce(c: Case): number[][] {
  const n = c.entries.length;
  for (let len = 2; len <= c.maxLength; len++) {
    const found: number[][] = [];
    const rec = (prefix: number[]) => {
      if (prefix.length === len) {
        if (valid(c, prefix)) found.push([...prefix]);
        return;
      }
      // Only the role each position needs (valid() checks it again).
      const role = prefix.length === 0 ? 'source' : prefix.length === len - 1 ? 'sink' : 'processor';
      for (let i = 0; i < n; i++) if (c.entries[i].role === role) rec([...prefix, i]);
    };
    rec([]);
    if (found.length > 0) return found;
  }
  return [];
}

function run(c: Case, limit: number) {
  const graph = buildGraph(c.entries);
  return search(
    {
      graph,
      starts: matchWord(graph, c.from, 'from'),
      goals: matchWord(graph, c.to, 'to'),
      via: c.via.map((v) => c.entries.findIndex((e) => e.name === v)),
      maxLength: c.maxLength,
    },
    limit,
  );
}

describe('chain search properties', () => {
  it('every chain found is type-correct end to end, with the types it reports', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        for (const chain of run(c, 20).chains) {
          expect(valid(c, [...chain.steps])).toBe(true);
          chain.links.forEach((types, i) => {
            expect(types).toEqual(linkTypes(c, [...chain.steps], i));
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('no shorter chain exists, and ties go to the first in registry order', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const all = bruteForce(c);
        const r = run(c, 1000);
        expect(r.chains.map((x) => [...x.steps])).toEqual(all);
        expect(r.more).toBe(false);
        const two = run(c, 2);
        expect(two.chains.length).toBe(Math.min(all.length, 2));
        expect(two.more).toBe(all.length > 2);
      }),
      { numRuns: 150 },
    );
  });

  it('depends on nothing but the inputs', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const first = run(c, 5);
        expect(run(structuredClone(c), 5)).toEqual(first);
        // Components that share no event type or capability with anything cannot change it.
        const unrelated = [
          entry({ name: 'x-src', role: 'source', produces: ['zz1'] }),
          entry({ name: 'x-proc', role: 'processor', consumes: ['zz1'], produces: ['zz2'] }),
          entry({ name: 'x-sink', role: 'sink', consumes: ['zz2'] }),
        ];
        const padded = run({ ...c, entries: [...c.entries, ...unrelated] }, 5);
        expect(padded).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
