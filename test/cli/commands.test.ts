import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/diagnostics/catalog/index.js';
import { flowctl } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

// explain, schema and the command line itself.

describe('flowctl explain', () => {
  it('prints the catalog entry of a code, in any case', () => {
    const r = flowctl(['explain', 'FC3002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`FC3002 (error): unknown-input\n\n${catalog.FC3002.explain}\n`);
    expect(flowctl(['explain', 'fc3002']).stdout).toBe(r.stdout);
  });

  it('refuses an unknown code with a suggestion, exit 2', () => {
    const r = flowctl(['explain', 'FC30002']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown code 'FC30002'; did you mean 'FC3002'?");
    const far = flowctl(['explain', 'hello']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
  });

  it('--list names every code once', () => {
    const r = flowctl(['explain', '--list', 'x']);
    const listed = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(listed).toEqual(Object.keys(catalog).sort());
  });
});

describe('flowctl schema', () => {
  it.each([['pipeline'], ['registry']])('prints schemas/%s.schema.json', (kind) => {
    const r = flowctl(['schema', kind]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8'));
    expect(JSON.parse(r.stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('defaults to the pipeline schema and refuses other kinds', () => {
    expect(flowctl(['schema']).stdout).toBe(flowctl(['schema', 'pipeline']).stdout);
    const bad = flowctl(['schema', 'component']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are pipeline, registry');
  });
});

describe('the command line', () => {
  it('suggests the command a typo meant, exit 2', () => {
    const r = flowctl(['valdate', 'pipeline.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'valdate'");
    expect(r.stderr).toContain('Did you mean validate?');
  });

  it('suggests the option a typo meant', () => {
    const r = flowctl(['validate', '--stict', 'fixtures/compat-minimal-v1/pipeline.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--stict'");
    expect(r.stderr).toContain('Did you mean --strict?');
  });

  it('--help and --version exit 0', () => {
    const help = flowctl(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 valid');
    const v = flowctl(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
