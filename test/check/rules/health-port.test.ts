import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('health-port (FC3009)', () => {
  it('accepts a port from health_port, from the URL, from the only port, or a command check', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: a, image: s:1, health_check: /health, health_port: 8088}
          - {id: b, image: s:1, health_check: "http://localhost:8089/healthz"}
          - {id: c, image: s:1, health_check: /ready, ports: [{containerPort: 7000}]}
          - {id: d, image: s:1, health: {command: [check, --quick]}}
        sinks:
          - {id: sink, image: k:1, inputs: [a, b, c, d]}
    `);
  });

  it('reports an HTTP check with no port to probe', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              image: s:1
              health_check: /health
              ports: [{containerPort: 7000}, {containerPort: 7001}]
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      ["FC3009 8:21 'src' has a health check but no port to check it on; set 'health_port'"],
    );
  });
});
