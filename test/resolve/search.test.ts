import { describe, expect, it } from 'vitest';
import { matchWord } from '../../src/resolve/endpoints.js';
import { buildGraph, reachableFrom, search } from '../../src/resolve/search.js';
import type { RegistryEntry } from '../../src/resolve/types.js';
import { entry } from './support.js';

/** Run a search by words, the way a flow does, and return chains as name lists. */
function chains(
  entries: RegistryEntry[],
  from: string,
  to: string,
  opts: { via?: string[]; max?: number; limit?: number } = {},
) {
  const graph = buildGraph(entries);
  const via = (opts.via ?? []).map((n) => entries.findIndex((e) => e.name === n));
  const r = search(
    {
      graph,
      starts: matchWord(graph, from, 'from'),
      goals: matchWord(graph, to, 'to'),
      via,
      maxLength: opts.max ?? 8,
    },
    opts.limit ?? 10,
  );
  return {
    names: r.chains.map((c) => c.steps.map((s) => entries[s].name)),
    links: r.chains.map((c) => c.links),
    more: r.more,
  };
}

const src = (name: string, produces: string[], extra: Partial<RegistryEntry> = {}) =>
  entry({ name, role: 'source', produces, ...extra });
const proc = (name: string, consumes: string[], produces: string[]) =>
  entry({ name, role: 'processor', consumes, produces });
const sink = (name: string, consumes: string[], extra: Partial<RegistryEntry> = {}) =>
  entry({ name, role: 'sink', consumes, ...extra });

describe('chain search', () => {
  it('finds the shortest chain, not merely a chain', () => {
    const r = chains(
      [
        src('s', ['a']),
        proc('p1', ['a'], ['b']),
        proc('p2', ['b'], ['c']),
        proc('direct', ['a'], ['c']),
        sink('k', ['c']),
      ],
      'a',
      'k',
    );
    expect(r.names).toEqual([['s', 'direct', 'k']]);
    expect(r.links).toEqual([[['a'], ['c']]]);
  });

  it('breaks ties by registry order, not by name', () => {
    const entries = [
      src('s', ['a']),
      proc('zeta', ['a'], ['b']),
      proc('alpha', ['a'], ['b']),
      sink('k', ['b']),
    ];
    expect(chains(entries, 'a', 'k').names).toEqual([
      ['s', 'zeta', 'k'],
      ['s', 'alpha', 'k'],
    ]);
    const swapped = [entries[0], entries[2], entries[1], entries[3]];
    expect(chains(swapped, 'a', 'k').names[0]).toEqual(['s', 'alpha', 'k']);
  });

  it('compares tied chains from the source end', () => {
    // s1 → p2 → k and s2 → p1 → k tie; s1 comes before s2, so the first wins although p1
    // comes before p2.
    const entries = [
      src('s1', ['a'], { provides: ['cap'] }),
      proc('p1', ['b'], ['c']),
      src('s2', ['b'], { provides: ['cap'] }),
      proc('p2', ['a'], ['c']),
      sink('k', ['c']),
    ];
    expect(chains(entries, 'cap', 'k').names).toEqual([
      ['s1', 'p2', 'k'],
      ['s2', 'p1', 'k'],
    ]);
  });

  it('passes through via components in the given order, even when that is longer', () => {
    const entries = [src('s', ['a']), proc('f', ['a'], ['a']), proc('t', ['a'], ['a']), sink('k', ['a'])];
    expect(chains(entries, 'a', 'k').names).toEqual([['s', 'k']]);
    expect(chains(entries, 'a', 'k', { via: ['t', 'f'] }).names).toEqual([['s', 't', 'f', 'k']]);
    expect(chains(entries, 'a', 'k', { via: ['f', 'f'] }).names).toEqual([['s', 'f', 'f', 'k']]);
  });

  it('makes a typed `from` carry that type on the first link', () => {
    // s produces a and b; only p consumes b, but from: a must leave s as a.
    const entries = [
      src('s', ['a', 'b']),
      proc('p', ['b'], ['c']),
      proc('q', ['a'], ['x']),
      proc('r', ['x'], ['c']),
      sink('k', ['c']),
    ];
    expect(chains(entries, 'a', 'k').names).toEqual([['s', 'q', 'r', 'k']]);
    expect(chains(entries, 's', 'k').names).toEqual([['s', 'p', 'k']]);
  });

  it('makes a typed `to` arrive as that type on the last link', () => {
    const entries = [
      src('s', ['a']),
      proc('p', ['a'], ['b', 'c']),
      sink('k', ['b', 'c'], { provides: ['store'] }),
    ];
    expect(chains(entries, 'a', 'c').links).toEqual([[['a'], ['c']]]);
    expect(chains(entries, 'a', 'store').links).toEqual([[['a'], ['b', 'c']]]);
  });

  it('respects the depth bound', () => {
    const entries = [src('s', ['a']), proc('p1', ['a'], ['b']), proc('p2', ['b'], ['c']), sink('k', ['c'])];
    expect(chains(entries, 'a', 'k', { max: 3 }).names).toEqual([]);
    expect(chains(entries, 'a', 'k', { max: 4 }).names).toEqual([['s', 'p1', 'p2', 'k']]);
  });

  it('reports that more chains exist beyond the limit', () => {
    const entries = [
      src('s', ['a']),
      proc('p1', ['a'], ['b']),
      proc('p2', ['a'], ['b']),
      proc('p3', ['a'], ['b']),
      sink('k', ['b']),
    ];
    const r = chains(entries, 'a', 'k', { limit: 2 });
    expect(r.names).toHaveLength(2);
    expect(r.more).toBe(true);
    expect(chains(entries, 'a', 'k', { limit: 3 }).more).toBe(false);
  });

  it('never uses a sink or source in the middle of a chain', () => {
    const entries = [
      src('s', ['a']),
      sink('k1', ['a'], { produces: ['b'] }),
      src('s2', ['b']),
      sink('k', ['b']),
    ];
    expect(chains(entries, 'a', 'k').names).toEqual([]);
  });

  it('lists what the from side reaches', () => {
    const entries = [src('s', ['a']), proc('p', ['a'], ['b']), sink('k', ['b']), sink('other', ['z'])];
    const g = buildGraph(entries);
    expect(reachableFrom(g, matchWord(g, 'a', 'from'), 8)).toEqual({ types: ['a', 'b'], sinks: [2] });
  });

  it('stays fast on a dense 10,000-entry registry', () => {
    const entries: RegistryEntry[] = [src('s', ['t0'])];
    for (let i = 0; i < 9_998; i++) entries.push(proc(`p${i}`, [`t${i % 5}`], [`t${(i + 1) % 5}`]));
    entries.push(sink('k', ['t4']));
    const started = performance.now();
    const r = chains(entries, 't0', 'k');
    const ms = performance.now() - started;
    expect(r.names[0]).toEqual(['s', 'p0', 'p1', 'p2', 'p3', 'k']);
    expect(ms).toBeLessThan(1000);
  });
});
