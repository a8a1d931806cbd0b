import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

// --format json|sarif|github: machine-readable diagnostics on standard output.

const fixture = (name: string) => `fixtures/${name}/pipeline.yaml`;

interface JsonReport {
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    file: string;
    line: number;
    column: number;
    related: { line: number; column: number }[];
  }[];
  summary: { errors: number; warnings: number };
}

describe('--format json', () => {
  it('prints one document with every diagnostic of every file', () => {
    const r = flowctl([
      'validate',
      '--format',
      'json',
      fixture('rule-unknown-input'),
      fixture('rule-duplicate-id'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as JsonReport;
    const got = doc.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);
    expect(got).toContain('fixtures/rule-unknown-input/pipeline.yaml:7:11 warning FC3007');
    expect(got).toContain('fixtures/rule-unknown-input/pipeline.yaml:12:16 error FC3002');
    expect(got.filter((g) => g.startsWith('fixtures/rule-duplicate-id/'))).not.toEqual([]);
    expect(doc.summary.errors).toBe(doc.diagnostics.filter((d) => d.severity === 'error').length);
    expect(doc.summary.warnings).toBe(doc.diagnostics.filter((d) => d.severity === 'warning').length);
    const dup = doc.diagnostics.find((d) => d.code === 'FC3001');
    expect(dup?.related).toHaveLength(1);
  });

  it('prints an empty report for a valid pipeline', () => {
    const r = flowctl(['validate', '--format', 'json', fixture('compat-minimal-v1')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ diagnostics: [], summary: { errors: 0, warnings: 0 } });
  });
});

describe('--format sarif', () => {
  const schemaPath = join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The official SARIF 2.1.0 schema is draft-04; ajv 8 reads it once `id` is `$id`.
  const { $schema: _draft, id, ...rest } = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is CommonJS: its function is the default export's default.
  (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
  const validate = ajv.compile({ $id: id, ...rest });

  it.each([
    ['rule-duplicate-id'],
    ['rule-unknown-input'],
    ['compat-minimal-v1'],
    ['load-yaml-syntax'],
    ['schema-unknown-key'],
  ])('is valid SARIF 2.1.0 for %s', (name) => {
    const r = flowctl(['validate', '--format', 'sarif', fixture(name)]);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('places results and related locations, and fails for a schema-invalid log', () => {
    const log = JSON.parse(flowctl(['validate', '--format', 'sarif', fixture('rule-duplicate-id')]).stdout);
    const [run] = log.runs;
    const dup = run.results.find((x: { ruleId: string }) => x.ruleId === 'FC3001');
    expect(dup.level).toBe('error');
    expect(run.tool.driver.rules[dup.ruleIndex].id).toBe('FC3001');
    expect(dup.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'fixtures/rule-duplicate-id/pipeline.yaml',
    );
    expect(dup.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(dup.relatedLocations).toHaveLength(1);
    // The validator is not vacuous.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...run, results: [{ ...dup, level: 'fatal' }] }] })).toBe(false);
  });
});

describe('--format github', () => {
  it('escapes %, CR and LF in messages and also : and , in properties', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-gh-'));
    writeFileSync(
      join(dir, 'a,b:c%.yaml'),
      [
        'apiVersion: flowctl/v1',
        'kind: Pipeline',
        'metadata: {name: p}',
        'spec:',
        '  sources:',
        '    - {id: src, image: s:1}',
        '  sinks:',
        '    - {id: sink, image: k:1, inputs: ["x%\\r\\ny"]}',
        '',
      ].join('\n'),
    );
    const r = flowctl(['validate', '--format', 'github', 'a,b:c%.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      "::warning file=a%2Cb%3Ac%25.yaml,line=6,col=12,endLine=6,endColumn=15,title=FC3007::FC3007 the source 'src' feeds no other component, so its output is unused; add it to a sink's inputs or remove it.",
      "::error file=a%2Cb%3Ac%25.yaml,line=8,col=39,endLine=8,endColumn=48,title=FC3002::FC3002 'sink' takes input from 'x%25%0D%0Ay', but no component has that id.",
      '',
    ]);
  });

  it('prints nothing for a valid pipeline', () => {
    const r = flowctl(['validate', '--format', 'github', fixture('compat-minimal-v1')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });
});
