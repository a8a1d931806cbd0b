import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carrying, expectCarried, strings } from './compose-strings.js';
import { composeValue, emitCompose } from './compose-support.js';

describe('compose output properties', () => {
  it('is byte-identical across runs and across the written order of env, config and labels', () => {
    fc.assert(
      fc.property(strings, fc.integer({ min: 1, max: 4 }), (s, replicas) => {
        const loc = { file: 'pipeline.yaml', path: [] };
        const p = carrying(s);
        const withReplicas = {
          ...p,
          components: [{ ...p.components[0], replicas: { value: replicas, loc } }],
        };
        const a = emitCompose(withReplicas).text;
        expect(emitCompose(withReplicas).text).toBe(a);
        const r = carrying(s, 'reversed');
        expect(
          emitCompose({ ...r, components: [{ ...r.components[0], replicas: { value: replicas, loc } }] })
            .text,
        ).toBe(a);
      }),
      { numRuns: 100 },
    );
  });

  it('carries any string in env, config, args and labels exactly (YAML 1.1 typing, Compose $$)', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const { doc } = emitCompose(carrying(s));
        expectCarried(doc, s, composeValue);
      }),
      { numRuns: 200 },
    );
  });

  it("carries them exactly through docker-compose's own YAML reader (PyYAML)", () => {
    const samples = fc.sample(strings, { numRuns: 150, seed: 20261123 });
    const texts = samples.map((s) => emitCompose(carrying(s)).text);
    const py = spawnSync(
      'python3',
      ['-c', 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(t) for t in json.load(sys.stdin)]))'],
      { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(py.stderr).toBe('');
    const docs = JSON.parse(py.stdout);
    for (const [i, s] of samples.entries()) expectCarried(docs[i], s, composeValue);
  });
});
