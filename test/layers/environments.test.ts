// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about literal ${VAR} text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderGithub, renderJson, renderSarif } from '../../src/diagnostics/render.js';
import { SourceSet } from '../../src/diagnostics/sources.js';
import { applyLayers } from '../../src/layers/index.js';
import { BASE, compileIn, workspace } from './support.js';

const PIPELINE = `extends: base.yaml
environments:
  dev:
    target: process
    spec:
      sources:
        - id: src
          image: {$delete: true}
          command: [./bin/src]
          env: {MODE: "\${DEV_ONLY}"}
  prod:
    target: k8s
    metadata: {namespace: prod}
    spec:
      sinks:
        - id: sink
          replicas: 3
  empty: {}
  bare:
`;

describe('environments', () => {
  it('merges the selected overlay and records its target for apply', async () => {
    const dir = workspace({ 'base.yaml': BASE, 'p.yaml': PIPELINE });
    const prod = await compileIn(dir, 'p.yaml', { env: 'prod' });
    expect(prod.text).toBe('');
    expect(prod.pipeline?.namespace).toBe('prod');
    expect(prod.pipeline?.components[1].replicas?.value).toBe(3);
    expect(prod.pipeline?.environment?.name).toBe('prod');
    expect(prod.pipeline?.environment?.target?.value).toBe('kubernetes');

    const dev = await compileIn(dir, 'p.yaml', { env: 'dev', environment: { DEV_ONLY: 'debug' } });
    expect(dev.text).toBe('');
    const src = dev.pipeline!.components[0];
    expect(src.image).toBeUndefined();
    expect(src.command?.value).toEqual(['./bin/src']);
    expect(src.env.map((e) => e.value)).toEqual(['debug']);
    expect(dev.pipeline?.environment?.target?.value).toBe('local');
  });

  it('ignores the environments that are not selected, variables included', async () => {
    const dir = workspace({ 'base.yaml': BASE, 'p.yaml': PIPELINE });
    const none = await compileIn(dir, 'p.yaml');
    expect(none.text).toBe('');
    expect(none.pipeline?.environment).toBeUndefined();
    expect(none.pipeline?.components.map((c) => c.image?.value)).toEqual(['src:1', 'sink:1']);
    const prod = await compileIn(dir, 'p.yaml', { env: 'prod' });
    expect(prod.codes).toEqual([]); // ${DEV_ONLY} lives in dev only
  });

  it('accepts an empty or bare overlay', async () => {
    const dir = workspace({ 'base.yaml': BASE, 'p.yaml': PIPELINE });
    for (const env of ['empty', 'bare']) {
      const r = await compileIn(dir, 'p.yaml', { env });
      expect(r.text).toBe('');
      expect(r.pipeline?.environment).toEqual({ name: env });
    }
  });

  it('reports an unknown environment with a suggestion', async () => {
    const dir = workspace({ 'base.yaml': BASE, 'p.yaml': PIPELINE });
    const r = await compileIn(dir, 'p.yaml', { env: 'prd' });
    expect(r.text).toContain(
      "p.yaml:2:1: error FC1109 the environment 'prd' is not defined; did you mean 'prod'? (defined: dev, prod, empty, bare)",
    );
    const none = await compileIn(workspace({ 'p.yaml': BASE }), 'p.yaml', { env: 'prod' });
    expect(none.text).toContain(
      "error FC1109 the environment 'prod' is not defined (the pipeline defines no environments)",
    );
  });

  it('refuses malformed environments and targets', async () => {
    const bad = async (envs: string, env?: string) =>
      (
        await compileIn(
          workspace({ 'p.yaml': `${BASE}environments:\n${envs}` }),
          'p.yaml',
          env ? { env } : {},
        )
      ).text;
    expect(await bad('  - dev\n')).toContain('error FC1110 environments must be a mapping');
    expect(await bad('  dev: 3\n')).toContain("error FC1110 the environment 'dev' must be a mapping");
    expect(await bad('  dev: {extends: x.yaml}\n')).toContain("an environment overlay cannot hold 'extends'");
    expect(await bad('  dev: {target: mesos}\n', 'dev')).toContain(
      "error FC1113 the environment target 'mesos' is not a target",
    );
    expect(await bad('  dev: {target: constructor}\n', 'dev')).toContain('FC1113');
  });

  it('merges the environments of a whole extends chain', async () => {
    const dir = workspace({
      'base.yaml': `${BASE}environments:\n  prod: {target: docker, metadata: {namespace: base}}\n  old: {}\n`,
      'p.yaml': [
        'extends: base.yaml',
        'environments:',
        '  prod: {target: kubernetes}',
        '  old: {$delete: true}',
        '  new: {metadata: {namespace: new}}',
        '',
      ].join('\n'),
    });
    const prod = await compileIn(dir, 'p.yaml', { env: 'prod' });
    expect(prod.pipeline?.namespace).toBe('base');
    expect(prod.pipeline?.environment?.target?.value).toBe('kubernetes');
    expect((await compileIn(dir, 'p.yaml', { env: 'new' })).pipeline?.namespace).toBe('new');
    const old = await compileIn(dir, 'p.yaml', { env: 'old' });
    expect(old.text).toContain("error FC1109 the environment 'old' is not defined (defined: prod, new)");
  });

  it('names the original file in every diagnostic format', async () => {
    const dir = workspace({
      'base.yaml': BASE.replace('      image: sink:1\n', '      image: sink:1\n      replicas: lots\n'),
      'p.yaml': 'extends: base.yaml\nenvironments: {prod: {}}\n',
    });
    const r = await compileIn(dir, 'p.yaml', { env: 'prod' });
    const json = JSON.parse(renderJson(r.diagnostics, r.sources));
    expect(json.diagnostics.map((d: { file: string; line: number }) => [d.file, d.line])).toEqual([
      ['base.yaml', 14],
    ]);
    expect(renderGithub(r.diagnostics, r.sources)).toContain('::error file=base.yaml,line=14,col=17,');
    const sarif = JSON.parse(renderSarif(r.diagnostics, r.sources, '0'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('base.yaml');
  });

  it('never shows extends or environments to the schema check', async () => {
    const r = await compileIn(workspace({ 'base.yaml': BASE, 'p.yaml': PIPELINE }), 'p.yaml', {
      env: 'empty',
    });
    expect(r.codes).toEqual([]);
  });

  it('does not pollute prototypes when handed hostile keys directly', () => {
    const dir = workspace({ 'base.yaml': BASE });
    const hostile = JSON.parse(
      `{"extends": "${dir}/base.yaml", "__proto__": {"polluted": 1}, "environments": {"e": {"__proto__": {"polluted": 2}, "spec": {"constructor": {"prototype": {"polluted": 3}}}}}}`,
    );
    const r = applyLayers(hostile, 'p.yaml', new SourceSet(), { env: 'e' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });
});

// Plain documents without markers or variables.
const plainDoc = fc.dictionary(
  fc.constantFrom('apiVersion', 'metadata', 'spec', 'x'),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('$')),
  { maxKeys: 4 },
);

describe('properties', () => {
  it('an overlay with no keys changes nothing', () => {
    fc.assert(
      fc.property(plainDoc, (doc) => {
        const without = applyLayers({ ...doc, environments: { e: {} } }, 'p.yaml', new SourceSet(), {});
        const withEmpty = applyLayers({ ...doc, environments: { e: {} } }, 'p.yaml', new SourceSet(), {
          env: 'e',
        });
        expect(withEmpty.diagnostics).toEqual([]);
        expect(withEmpty.value).toEqual(without.value);
        expect(without.value).toEqual(doc);
      }),
      { numRuns: 150 },
    );
  });
});
