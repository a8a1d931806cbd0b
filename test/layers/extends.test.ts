import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/common.js';
import { BASE, compileIn, workspace } from './support.js';

describe('extends', () => {
  it('merges a chain of bases, each path relative to the file that names it', async () => {
    const dir = workspace({
      'root.yaml': BASE,
      'team/base.yaml': 'extends: ../root.yaml\nmetadata:\n  labels: {team: data}\n',
      'app/pipeline.yaml': [
        'extends: ../team/base.yaml',
        'spec:',
        '  sources:',
        '    - id: src',
        '      env: {MODE: app}',
        '  sinks:',
        '    - id: extra',
        '      image: extra:1',
        '      inputs: [src]',
        '',
      ].join('\n'),
    });
    const r = await compileIn(dir, 'app/pipeline.yaml');
    expect(r.text).toBe('');
    const p = r.pipeline!;
    expect(p.labels).toEqual({ team: 'data' });
    expect(p.components.map((c) => c.id)).toEqual(['src', 'sink', 'extra']);
    expect(p.components[0].env.map((e) => [e.name, e.value])).toEqual([['MODE', 'app']]);
    expect(p.components[0].image?.value).toBe('src:1');
  });

  it('points diagnostics at the file and line each value came from', async () => {
    const dir = workspace({
      'base.yaml': BASE.replace('      image: sink:1\n', '      image: sink:1\n      replicas: lots\n'),
      'pipeline.yaml':
        'extends: base.yaml\nspec:\n  sinks:\n    - id: sink\n      restart_policy: sometimes\n',
    });
    const r = await compileIn(dir, 'pipeline.yaml');
    expect(r.text).toContain("base.yaml:14:17: error FC1014 'replicas' of component 'sink'");
    expect(r.text).toContain('> 14 |       replicas: lots');
    expect(r.text).toContain("pipeline.yaml:5:23: error FC1015 'restart_policy' of component 'sink'");
    expect(r.text).toContain('> 5 |       restart_policy: sometimes');
  });

  it('reports a cycle with the chain of files', async () => {
    const dir = workspace({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: ./a.yaml\n' });
    const r = await compileIn(dir, 'a.yaml');
    expect(r.codes).toEqual(['FC1107']);
    expect(r.text).toContain('b.yaml:1:10: error FC1107 extends forms a cycle (a.yaml → b.yaml → a.yaml)');
    const self = await compileIn(workspace({ 'p.yaml': 'extends: p.yaml\n' }), 'p.yaml');
    expect(self.text).toContain('(p.yaml → p.yaml)');
  });

  it('bounds the length of a chain', async () => {
    const files: Record<string, string> = { 'f0.yaml': BASE };
    for (let i = 1; i <= 20; i++) files[`f${i}.yaml`] = `extends: f${i - 1}.yaml\n`;
    const r = await compileIn(workspace(files), 'f20.yaml');
    expect(r.codes).toEqual(['FC1108']);
    const ok = await compileIn(workspace({ ...files }), 'f15.yaml');
    expect(ok.codes).toEqual([]);
  });

  it('names the extends line when a base cannot be read', async () => {
    const r = await compileIn(workspace({ 'p.yaml': '# top\nextends: missing.yaml\n' }), 'p.yaml');
    expect(r.codes).toEqual(['FC1002']);
    expect(r.text).toContain("error FC1002 cannot read 'missing.yaml': no such file.");
    expect(r.text).toContain("p.yaml:2:10: note: 'missing.yaml' is extended here");
    expect(exitCodeFor(r.diagnostics)).toBe(2);
  });

  it('refuses an extends that is not a file name, and a base that is not a mapping', async () => {
    const r = await compileIn(workspace({ 'p.yaml': 'extends: [a.yaml, b.yaml]\n' }), 'p.yaml');
    expect(r.text).toContain('p.yaml:1:10: error FC1106 extends must name one base file, as a string.');
    const s = await compileIn(workspace({ 'p.yaml': 'extends: b.yaml\n', 'b.yaml': '- 1\n' }), 'p.yaml');
    expect(s.text).toContain("b.yaml:1:1: error FC1106 the base file 'b.yaml' is not a mapping.");
  });

  it('reports syntax errors of a base in the base', async () => {
    const r = await compileIn(workspace({ 'p.yaml': 'extends: b.yaml\n', 'b.yaml': 'a: [1\n' }), 'p.yaml');
    expect(r.codes).toContain('FC1001');
    expect(r.text).toMatch(/^b\.yaml:\d+:\d+: error FC1001/m);
  });

  it('removes an inherited component and key with $delete, and warns when nothing is removed', async () => {
    const dir = workspace({
      'base.yaml': BASE.replace(
        '  sinks:',
        '  processors:\n    - id: tap\n      image: tap:1\n      inputs: [src]\n  sinks:',
      ),
      'p.yaml': [
        'extends: base.yaml',
        'spec:',
        '  sources:',
        '    - id: src',
        '      env: {$delete: true}',
        '  processors:',
        '    - {id: tap, $delete: true}',
        '    - {id: tpa, $delete: true}',
        '',
      ].join('\n'),
    });
    const r = await compileIn(dir, 'p.yaml');
    expect(r.pipeline?.components.map((c) => c.id)).toEqual(['src', 'sink']);
    expect(r.pipeline?.components[0].env).toEqual([]);
    expect(r.codes).toEqual(['FC1112']);
    expect(r.text).toContain(
      "p.yaml:8:17: warning FC1112 this $delete removes nothing, because no base or earlier layer defines an item with id 'tpa'",
    );
  });

  it('cannot pollute prototypes through a hostile chain', async () => {
    const hostile = [
      'extends: base.yaml',
      '__proto__: {polluted: yes}',
      'spec:',
      '  constructor: {prototype: {polluted: yes}}',
      '',
    ].join('\n');
    const dir = workspace({ 'base.yaml': `${BASE}prototype: {polluted: yes}\n`, 'p.yaml': hostile });
    const r = await compileIn(dir, 'p.yaml');
    expect(r.codes).toContain('FC1007');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});
