import { describe, it } from 'vitest';
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
