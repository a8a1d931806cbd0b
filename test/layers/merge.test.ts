import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import type { NodePath } from '../../src/ir.js';
import { finalize, type LNode, lift, lookupOrigin, merge } from '../../src/layers/tree.js';

function layer(file: string, value: unknown): LNode {
  const out: Diagnostic[] = [];
  const n = lift(value, { file }, out);
  expect(out).toEqual([]);
  return n;
}

/** Merge plain documents left to right (base first) and finalize. */
function mergeAll(...docs: unknown[]): { value: unknown; unused: number; root: LNode } {
  let acc: LNode | undefined;
  docs.forEach((d, i) => {
    acc = merge(acc, layer(`f${i}.yaml`, d));
  });
  let unused = 0;
  const value = finalize(acc!, () => unused++);
  return { value, unused, root: acc! };
}

/** Every path of a plain value with the origin it resolves to. */
function origins(root: LNode, value: unknown, path: NodePath = []): [NodePath, unknown][] {
  const here: [NodePath, unknown][] = [[path, lookupOrigin(root, path)]];
  if (value === null || typeof value !== 'object') return here;
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    ...here,
    ...keys.flatMap((k) => origins(root, (value as Record<string, unknown>)[k], [...path, k])),
  ];
}

describe('merge rules', () => {
  it('merges maps key by key; the later layer wins on scalars', () => {
    expect(mergeAll({ a: 1, m: { x: 1, y: 2 } }, { b: 2, m: { y: 3, z: 4 } }).value).toEqual({
      a: 1,
      m: { x: 1, y: 3, z: 4 },
      b: 2,
    });
  });

  it('merges lists of components by id, keeping base order and appending new ones', () => {
    const base = {
      sinks: [
        { id: 'a', image: 'a:1', env: { X: '1' } },
        { id: 'b', image: 'b:1' },
      ],
    };
    const over = {
      sinks: [
        { id: 'c', image: 'c:1' },
        { id: 'a', env: { Y: '2' } },
      ],
    };
    expect(mergeAll(base, over).value).toEqual({
      sinks: [
        { id: 'a', image: 'a:1', env: { X: '1', Y: '2' } },
        { id: 'b', image: 'b:1' },
        { id: 'c', image: 'c:1' },
      ],
    });
  });

  it('merges lists of named entries (secrets, ports) by name', () => {
    const base = {
      secrets: [
        { name: 'db', file: './db' },
        { name: 'api', from_env: 'API' },
      ],
    };
    const over = { secrets: [{ name: 'db', from_env: 'DB' }] };
    expect(mergeAll(base, over).value).toEqual({
      secrets: [
        { name: 'db', file: './db', from_env: 'DB' },
        { name: 'api', from_env: 'API' },
      ],
    });
  });

  it('replaces other lists whole', () => {
    expect(mergeAll({ args: ['-a', '-b'] }, { args: ['-c'] }).value).toEqual({ args: ['-c'] });
    expect(mergeAll({ sinks: [{ id: 'a' }] }, { sinks: [] }).value).toEqual({ sinks: [] });
  });

  it('removes an inherited key or list item with $delete', () => {
    const base = { image: 'x:1', command: ['run'], sinks: [{ id: 'a' }, { id: 'b' }] };
    const r = mergeAll(base, { image: { $delete: true }, sinks: [{ id: 'a', $delete: true }] });
    expect(r.value).toEqual({ command: ['run'], sinks: [{ id: 'b' }] });
    expect(r.unused).toBe(0);
  });

  it('reports a $delete that removes nothing', () => {
    const r = mergeAll(
      { a: 1, sinks: [{ id: 'a' }] },
      { b: { $delete: true }, sinks: [{ id: 'z', $delete: true }] },
    );
    expect(r.value).toEqual({ a: 1, sinks: [{ id: 'a' }] });
    expect(r.unused).toBe(2);
    // Deleting again what a layer below already failed to find is still nothing.
    expect(mergeAll({}, { k: { $delete: true } }, { k: { $delete: true } }).unused).toBe(1);
    expect(mergeAll({ k: 1 }, { k: { $delete: true } }, { k: { $delete: true } }).unused).toBe(0);
  });

  it('lets a later layer add back what an earlier one deleted, without the old contents', () => {
    const r = mergeAll({ m: { a: 1 } }, { m: { $delete: true } }, { m: { b: 2 } });
    expect(r.value).toEqual({ m: { b: 2 } });
  });

  it('refuses a malformed marker', () => {
    const out: Diagnostic[] = [];
    lift({ k: { $delete: 'yes' }, l: [{ id: 'a', image: 'x', $delete: true }] }, { file: 'f' }, out);
    expect(out.map((d) => [d.code, d.loc?.path])).toEqual([
      ['FC1111', ['k', '$delete']],
      ['FC1111', ['l', 0, 'image']],
    ]);
  });

  it('keeps the file each value came from', () => {
    const r = mergeAll(
      { spec: { sinks: [{ id: 'a', image: 'a:1' }] } },
      { spec: { sinks: [{ id: 'a', replicas: 2 }, { id: 'b' }] } },
    );
    expect(lookupOrigin(r.root, ['spec', 'sinks', 0, 'image'])).toEqual({
      file: 'f0.yaml',
      path: ['spec', 'sinks', 0, 'image'],
    });
    expect(lookupOrigin(r.root, ['spec', 'sinks', 0, 'replicas'])).toEqual({
      file: 'f1.yaml',
      path: ['spec', 'sinks', 0, 'replicas'],
    });
    expect(lookupOrigin(r.root, ['spec', 'sinks', 1])).toEqual({
      file: 'f1.yaml',
      path: ['spec', 'sinks', 1],
    });
    // A key that does not exist resolves under its nearest existing parent.
    expect(lookupOrigin(r.root, ['spec', 'sinks', 1, 'image'])).toEqual({
      file: 'f1.yaml',
      path: ['spec', 'sinks', 1, 'image'],
    });
  });

  it('cannot pollute Object.prototype whatever the keys', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": 1}, "m": {"constructor": {"prototype": {"polluted": 2}}}}',
    );
    const r = mergeAll({ m: { a: 1 } }, hostile, hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.keys(r.value as object)).toContain('__proto__');
  });
});

// Documents over a few keys, so that layers collide: maps, scalars, component lists keyed
// by id, plain lists, and $delete markers for keys and items.
const ids = fc.constantFrom('a', 'b', 'c');
const scalar = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', null, true));
const del = fc.constant({ $delete: true });
const { doc } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    del,
    tie('doc'),
    fc.array(scalar, { maxLength: 3 }),
    fc.array(
      fc.oneof(
        fc.record({ id: ids, v: scalar }, { requiredKeys: ['id'] }),
        fc.record({ id: ids, m: tie('doc') }, { requiredKeys: ['id'] }),
        ids.map((id) => ({ id, $delete: true })),
      ),
      { maxLength: 3 },
    ),
  ),
  doc: fc.dictionary(fc.constantFrom('p', 'q', 'r'), tie('value'), { maxKeys: 3 }),
}));

describe('properties', () => {
  it('an extends chain merges the same however it is grouped', () => {
    fc.assert(
      fc.property(doc, doc, doc, (a, b, c) => {
        const [la, lb, lc] = [layer('a', a), layer('b', b), layer('c', c)];
        const leftRoot = merge(merge(la, lb), lc);
        const rightRoot = merge(la, merge(lb, lc));
        const left = finalize(leftRoot, () => {});
        const right = finalize(rightRoot, () => {});
        expect(right).toEqual(left);
        expect(origins(rightRoot, right)).toEqual(origins(leftRoot, left));
      }),
      { numRuns: 300 },
    );
  });

  it('an empty overlay changes nothing', () => {
    fc.assert(
      fc.property(doc, (a) => {
        const la = layer('a', a);
        const over = merge(la, layer('o', {}));
        const value = finalize(over, () => {});
        expect(value).toEqual(finalize(la, () => {}));
        expect(origins(over, value)).toEqual(origins(la, value));
      }),
      { numRuns: 200 },
    );
  });
});
