import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../src/check/context.js';
import { noCycles } from '../../../src/check/rules/no-cycles.js';
import type { Pipeline } from '../../../src/ir.js';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('no-cycles (FC3003)', () => {
  it('accepts a diamond', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: src, image: s:1}
        processors:
          - {id: left, image: p:1, inputs: [src]}
          - {id: right, image: p:1, inputs: [src]}
        sinks:
          - {id: sink, image: k:1, inputs: [left, right]}
    `);
  });

  it('reports a cycle once, as a path in data-flow order, at the input that closes it', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: a, image: p:1, inputs: [src, c]}
            - {id: b, image: p:1, inputs: [a]}
            - {id: c, image: p:1, inputs: [b]}
          sinks:
            - {id: sink, image: k:1, inputs: [c]}
      `,
      ['FC3003 8:41 the inputs form a cycle: a → b → c → a; remove one of these inputs.'],
    );
  });

  it('reports each of two separate cycles', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: a, image: p:1, inputs: [src, b]}
            - {id: b, image: p:1, inputs: [a]}
            - {id: x, image: p:1, inputs: [src, y]}
            - {id: y, image: p:1, inputs: [x]}
          sinks:
            - {id: sink, image: k:1, inputs: [b, y]}
      `,
      ['FC3003 8:41 a → b → a', 'FC3003 10:41 x → y → x'],
    );
  });

  it('warns that a cycle no source feeds is unreachable', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: a, image: p:1, inputs: [b]}
            - {id: b, image: p:1, inputs: [a]}
          sinks:
            - {id: sink, image: k:1, inputs: [src, b]}
      `,
      [
        "FC3015 8:12 'a' cannot be reached from any source (it reads from 'b'",
        'FC3003 8:36 a → b → a',
        "FC3015 9:12 'b' cannot be reached from any source (it reads from 'a'",
      ],
    );
  });
});

describe('no-cycles at scale', () => {
  const loc = { file: 'f.yaml', path: [] };
  const chain = (n: number, closed: boolean) =>
    makeContext({
      components: Array.from({ length: n }, (_, i) => ({
        id: `c${i}`,
        role: i === 0 ? 'source' : 'processor',
        loc,
        inputs: i > 0 ? [{ value: `c${i - 1}`, loc }] : closed ? [{ value: `c${n - 1}`, loc }] : [],
      })),
    } as unknown as Pipeline);

  it('is linear on a 20,000-component chain (no stack overflow, no search per component)', () => {
    const t0 = performance.now();
    expect(noCycles.check(chain(20_000, false))).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('reports a 20,000-component ring once, fast, its path elided', () => {
    const t0 = performance.now();
    const found = noCycles.check(chain(20_000, true));
    expect(found).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(found[0].message).toBe(
      'the inputs form a cycle: c0 → c1 → c2 → c3 → c4 → c5 → c6 → c7 → … 19990 more … → c19998 → c19999 → c0; remove one of these inputs.',
    );
  });
});
