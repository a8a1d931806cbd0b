import { describe, expect, it } from 'vitest';
import { cpuCores, memoryBytes } from '../../../src/check/rules/quantities.js';
import { expectDiagnostics, expectValid, yaml } from '../harness.js';

describe('quantities (FC3010)', () => {
  it('accepts Kubernetes notation, numbers included', async () => {
    await expectValid(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: p}
      spec:
        sources:
          - id: src
            image: s:1
            resources:
              requests: {cpu: 250m, memory: 128Mi}
              limits: {cpu: 1.5, memory: 1G}
        sinks:
          - {id: sink, image: k:1, inputs: [src], resources: {limits: {cpu: "2", memory: 1e9}}}
    `);
  });

  it('reports each malformed quantity at its value', async () => {
    await expectDiagnostics(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: p}
        spec:
          sources:
            - id: src
              image: s:1
              resources:
                requests: {cpu: 100m, memory: 128MB}
                limits: {cpu: 1.5cores, memory: 1Gi}
          sinks:
            - {id: sink, image: k:1, inputs: [src]}
      `,
      [
        "FC3010 9:39 requests.memory '128MB' is not a resource quantity",
        "FC3010 10:23 limits.cpu '1.5cores' is not a resource quantity; write cpu like 500m",
      ],
    );
  });

  it('converts quantities for the emitters', () => {
    expect(cpuCores('250m')).toBe(0.25);
    expect(cpuCores('1.5')).toBe(1.5);
    expect(memoryBytes('128Mi')).toBe(128 * 1024 * 1024);
    expect(memoryBytes('1G')).toBe(1_000_000_000);
    expect(memoryBytes('5e3')).toBe(5000);
    expect(memoryBytes('lots')).toBeNaN();
  });
});
