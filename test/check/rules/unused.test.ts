import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('unused (FC3007, FC3015)', () => {
  it('accepts a pipeline where every output is consumed', async () => {
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
          - {id: sink, image: k:1, inputs: [proc]}
    `);
  });

  it('warns about sources and processors nobody reads, and exits clean otherwise', async () => {
    const r = await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
            - {id: idle, image: s:1}
          processors:
            - {id: dead-end, image: p:1, inputs: [src]}
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      [
        "FC3007 7:12 the source 'idle' feeds no other component, so its output is unused",
        "FC3007 9:12 the processor 'dead-end' feeds no other component",
      ],
    );
    // Warnings only: the pipeline is still produced.
    if (!r.pipeline) throw new Error('warnings must not stop the compile');
  });

  it('warns about components that no source reaches', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
            - {id: orphan, image: k:1, inputs: [job]}
          pipelines:
            - {id: job, image: j:1}
      `,
      [
        "FC3015 9:12 'orphan' cannot be reached from any source (it reads from 'job', which has no upstream source).",
      ],
    );
  });
});
