import { describe, it } from 'vitest';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('port-clash (FC3008)', () => {
  it('accepts equal container ports in different components and equal numbers over tcp and udp', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - {id: a, image: s:1, ports: [{containerPort: 8080, hostPort: 9000}]}
        sinks:
          - id: b
            image: k:1
            inputs: [a]
            ports:
              - {containerPort: 8080, hostPort: 9000, protocol: udp}
              - {containerPort: 8080, hostPort: 9001}
    `);
  });

  it('reports a host port used twice and a container port repeated in one component', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: a
              image: s:1
              ports: [{containerPort: 8080, hostPort: 9000}]
          sinks:
            - id: b
              image: k:1
              inputs: [a]
              ports:
                - {containerPort: 8080, hostPort: 9000}
                - {containerPort: 9100}
                - {container_port: "9100"}
      `,
      [
        'FC3008 14:11 host port 9000 is used twice; choose another port. [related 8:15]',
        "FC3008 16:11 in 'b', container port 9100 is used twice … [related 15:11]",
      ],
    );
  });
});
