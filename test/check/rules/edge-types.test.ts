import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('edge-types (FC3006)', () => {
  it('accepts edges that share a type, or where one side declares none', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: src, image: s:1, output_event_types: [a.v1, b.v1]}
          - {id: untyped, image: s:1}
        sinks:
          - {id: sink, image: k:1, inputs: [src, untyped], input_event_types: [b.v1, c.v1]}
          - {id: any, image: k:1, inputs: [src]}
    `);
  });

  it('reports an edge whose types do not meet, at the input', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              image: s:1
              output_event_types: [stellar.ledger.v1]
          sinks:
            - id: sink
              image: k:1
              inputs: [src]
              input_event_types: [stellar.contract.events.v1, token.v1]
      `,
      [
        "FC3006 12:16 'src' produces 'stellar.ledger.v1' but 'sink' consumes 'stellar.contract.events.v1', 'token.v1'; insert a processor",
      ],
    );
  });

  it('takes event types from registry entries', async () => {
    const registry = yaml`
      - name: ledger-source
        version: 1.0.0
        role: source
        produces: [stellar.ledger.v1]
        image: ls:1
      - name: pg-sink
        version: 1.0.0
        role: sink
        consumes: [stellar.contract.events.v1]
        image: pg:1
    `;
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: src, type: ledger-source@1.0.0}
          sinks:
            - {id: db, type: pg-sink@1.0.0, inputs: [src]}
      `,
      ["FC3006 8:46 'src' produces 'stellar.ledger.v1' but 'db' consumes 'stellar.contract.events.v1'"],
      { registry },
    );
  });
});
