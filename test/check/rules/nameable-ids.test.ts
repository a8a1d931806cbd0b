import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('nameable-ids (FC3011, FC3012)', () => {
  it('accepts letters, digits, dots, dashes and underscores', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: Ledger_Source.v1, image: s:1}
          - {id: 0-first, image: s:1}
        sinks:
          - {id: sink, image: k:1, inputs: [Ledger_Source.v1, 0-first]}
    `);
  });

  it('reports ids no target can name', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: "bad id!", image: s:1}
            - {id: -dash, image: s:1}
          sinks:
            - {id: sink, image: k:1, inputs: ["bad id!", -dash]}
      `,
      [
        "FC3011 6:12 the id 'bad id!' cannot be used as a name by every target",
        "FC3011 7:12 the id '-dash' cannot be used",
      ],
    );
  });

  it('reports ids that become the same Kubernetes name, with both locations', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - {id: Ingest_A, image: s:1}
            - {id: ingest.a, image: s:1}
          sinks:
            - {id: sink, image: k:1, inputs: [Ingest_A, ingest.a]}
      `,
      [
        "FC3012 7:12 the ids 'ingest.a' and 'Ingest_A' both become 'ingest-a' in Kubernetes and Nomad … [related 6:12]",
      ],
    );
  });
});
