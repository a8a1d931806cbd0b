import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('known-dependencies (FC3014, FC3017)', () => {
  it('accepts depends_on entries that name components', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: src, image: s:1}
        sinks:
          - {id: sink, image: k:1, inputs: [src], depends_on: [src, job]}
        pipelines:
          - {id: job, image: j:1}
    `);
  });

  it('reports unknown dependencies with a suggestion, and a component depending on itself', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          sinks:
            - id: sink
              image: k:1
              inputs: [src]
              depends_on: [sorc, sink]
      `,
      [
        "FC3014 11:20 'sink' depends on 'sorc', but no component has that id; did you mean 'src'?",
        "FC3017 11:26 'sink' lists itself in depends_on; remove it.",
      ],
    );
  });
});
