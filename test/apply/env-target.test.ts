import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';

// An environment's `target:` is apply's default backend (DESIGN: "an environment may set the
// default target for apply").
const PIPELINE = `apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: envt}
spec:
  driver: docker
  sources:
    - {id: src, command: [sleep, "30"]}
  sinks:
    - {id: sink, command: [sleep, "30"], inputs: [src]}
environments:
  laptop:
    target: local
  edge:
    target: nomad
`;

describe('apply backend from --env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-envt-'));
  writeFileSync(join(dir, 'p.yaml'), PIPELINE);

  it("uses the environment's target over the pipeline's driver", () => {
    const r = flowctl(['diff', '-f', 'p.yaml', '--env', 'laptop'], { cwd: dir });
    expect(r.stdout).toContain("Plan for pipeline 'envt' (local):");
    expect(r.stdout).toContain('+ process src');
  });

  it('reports an environment target apply cannot deploy, at its line, without touching anything', () => {
    const r = flowctl(['apply', '-f', 'p.yaml', '--env', 'edge'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("p.yaml:14:13: error FC5040 environment 'edge' deploys with target 'nomad'");
    expect(r.stdout).toBe('');
  });
});
