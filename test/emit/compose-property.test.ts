import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composeYaml } from '../../src/emit/compose/yaml.js';
import { carrying, expectCarried, strings, text } from './compose-strings.js';
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

  // biome-ignore lint/suspicious/noExplicitAny: JSON-like values of any shape.
  const fromCompose = (v: any): any =>
    typeof v === 'string'
      ? composeValue(v)
      : Array.isArray(v)
        ? v.map(fromCompose)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromCompose(x)]))
          : v;
  const tree = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(
      text.filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 4 },
    ),
  })).object as fc.Arbitrary<Record<string, unknown>>;

  it('writes any JSON-like tree so that YAML 1.1 and 1.2 readers get it back', () => {
    fc.assert(
      fc.property(tree, (doc) => {
        const yaml = composeYaml(doc);
        expect(fromCompose(parse(yaml, { version: '1.1' }) ?? {})).toEqual(doc);
        expect(fromCompose(parse(yaml) ?? {})).toEqual(doc);
      }),
      { numRuns: 200 },
    );
  });

  it("writes any JSON-like tree so that docker-compose's PyYAML gets it back", () => {
    const docs = fc.sample(tree, { numRuns: 200, seed: 7 });
    const py = spawnSync(
      'python3',
      ['-c', 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(t) for t in json.load(sys.stdin)]))'],
      { input: JSON.stringify(docs.map(composeYaml)), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(py.stderr).toBe('');
    const back = JSON.parse(py.stdout);
    for (const [i, doc] of docs.entries()) expect(fromCompose(back[i] ?? {})).toEqual(doc);
  });
});
