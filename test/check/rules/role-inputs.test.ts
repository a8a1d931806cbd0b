import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('role-inputs (FC3004, FC3005)', () => {
  it('accepts sources without inputs and consumers with them; pipelines need none', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: src, image: s:1}
        sinks:
          - {id: sink, image: k:1, inputs: [src]}
        pipelines:
          - {id: job, image: j:1}
    `);
  });

  it('reports a source with inputs, at its inputs key', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
            - id: second
              image: s:1
              inputs: [src]
          sinks:
            - {id: sink, image: k:1, inputs: [second]}
      `,
      ["FC3004 9:7 the source 'second' has inputs, but sources only produce"],
    );
  });

  it('reports processors and sinks without inputs, at their id', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: lonely, image: p:1}
          sinks:
            - {id: sink, image: k:1, inputs: []}
      `,
      [
        "FC3007 6:12 the source 'src' feeds no other component",
        "FC3005 8:12 the processor 'lonely' has no inputs; add 'inputs: [<id of an upstream component>]'.",
        "FC3007 8:12 the processor 'lonely' feeds no other component",
        "FC3005 10:12 the sink 'sink' has no inputs",
      ],
    );
  });
});
