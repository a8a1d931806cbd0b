import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('known-inputs (FC3002, FC3016, FC3017)', () => {
  it('accepts inputs that name producing components', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: src, image: s:1}
        processors:
          - {id: proc, image: p:1, inputs: [src]}
        sinks:
          - {id: sink, image: k:1, inputs: [proc, src]}
    `);
  });

  it('reports a misspelt input with a suggestion, at the input', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: stellar-source, image: s:1}
          sinks:
            - {id: ok, image: k:1, inputs: [stellar-source]}
            - id: sink
              image: k:1
              inputs: [stellar-sorce]
      `,
      [
        "FC3002 11:16 'sink' takes input from 'stellar-sorce', but no component has that id; did you mean 'stellar-source'?",
      ],
    );
  });

  it('suggests nothing when no id is close', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          sinks:
            - {id: sink, image: k:1, inputs: [src, warehouse]}
      `,
      ["FC3002 8:44 'sink' takes input from 'warehouse', but no component has that id."],
    );
  });

  it('reports reading from a sink', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          sinks:
            - {id: first, image: k:1, inputs: [src]}
            - {id: second, image: k:1, inputs: [first]}
      `,
      ["FC3016 9:41 'second' takes input from the sink 'first', but sinks produce nothing"],
    );
  });

  it('reports a component that lists itself', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: loop, image: p:1, inputs: [src, loop]}
          sinks:
            - {id: out, image: k:1, inputs: [loop]}
      `,
      ["FC3017 8:44 'loop' lists itself as an input; remove it."],
    );
  });
});
