import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('unique-ids (FC3001)', () => {
  it('accepts distinct ids across sections', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: a, image: a:1}
        sinks:
          - {id: b, image: b:1, inputs: [a]}
    `);
  });

  it('reports the second definition and points back at the first', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: a
              image: a:1
          sinks:
            - id: a
              image: b:1
              inputs: [a]
      `,
      [
        "FC3001 9:11 the component id 'a' is used twice; give each component a unique id. [related 6:7]",
        "FC3017 11:16 'a' lists itself as an input",
      ],
    );
  });

  it('finds duplicates between a processor and a sink', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, image: s:1}
          processors:
            - {id: x, image: p:1, inputs: [src]}
          sinks:
            - {id: y, image: k:1, inputs: [x]}
            - {id: x, image: k:1, inputs: [src]}
      `,
      ["FC3001 11:12 'x' is used twice … [related 8:8]"],
    );
  });
});
