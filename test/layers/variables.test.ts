// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about literal ${VAR} text.
import { describe, expect, it } from 'vitest';
import { flowctlInProcess } from '../support/cli.js';
import { parseDotenv } from '../../src/layers/vars.js';
import { BASE, compileIn, workspace } from './support.js';

const WITH_VARS = `apiVersion: flowctl/v1
kind: Pipeline
metadata:
  name: vars
spec:
  sources:
    - id: src
      image: "\${REGISTRY:-example}/src:\${TAG}"
      replicas: \${REPLICAS:-2}
      env:
        LEVEL: \${LEVEL}
        QUOTED: "\${REPLICAS:-2}"
        LITERAL: "$\${NOT_EXPANDED} and $HOME"
  sinks:
    - id: sink
      image: sink:1
      inputs: [src]
`;

describe('variables', () => {
  it('expands from the environment, var files and --var, in that order of precedence', async () => {
    const dir = workspace({
      'p.yaml': WITH_VARS,
      'a.env': '# comment\nexport TAG=from-file-a\nLEVEL=from-a\n',
      'b.env': "LEVEL='from-b'\n",
    });
    const r = await compileIn(dir, 'p.yaml', {
      environment: { TAG: 'from-env', LEVEL: 'from-env', REGISTRY: 'reg.local' },
      varFiles: ['a.env', 'b.env'],
      vars: { LEVEL: 'from-flag' },
    });
    expect(r.text).toBe('');
    const src = r.pipeline!.components[0];
    expect(src.image?.value).toBe('reg.local/src:from-file-a');
    expect(Object.fromEntries(src.env.map((e) => [e.name, e.value]))).toEqual({
      LEVEL: 'from-flag',
      QUOTED: '2',
      LITERAL: '${NOT_EXPANDED} and $HOME',
    });
  });

  it('gives an unquoted whole reference the type YAML would give its value', async () => {
    const dir = workspace({ 'p.yaml': WITH_VARS });
    const r = await compileIn(dir, 'p.yaml', { vars: { TAG: '1', LEVEL: 'x', REPLICAS: '4' } });
    expect(r.text).toBe('');
    expect(r.pipeline!.components[0].replicas?.value).toBe(4);
  });

  it('reports every unset variable at its own characters, never substituting an empty string', async () => {
    const r = await compileIn(workspace({ 'p.yaml': WITH_VARS }), 'p.yaml');
    expect(r.codes).toEqual(['FC1101', 'FC1101']);
    expect(r.text).toContain("p.yaml:8:40: error FC1101 the variable 'TAG' is not set");
    expect(r.text).toContain(
      '> 8 |       image: "${REGISTRY:-example}/src:${TAG}"\n    |                                        ^^^^^^\n',
    );
    expect(r.text).toContain("p.yaml:11:16: error FC1101 the variable 'LEVEL' is not set");
  });

  it('points at the base file for a variable written there', async () => {
    const dir = workspace({
      'base.yaml': BASE.replace('MODE: base', 'MODE: ${MODE}'),
      'p.yaml': 'extends: base.yaml\nmetadata: {labels: {a: b}}\n',
    });
    const r = await compileIn(dir, 'p.yaml');
    expect(r.text).toContain("base.yaml:10:15: error FC1101 the variable 'MODE' is not set");
  });

  it('reports required variables with their message, and malformed references', async () => {
    const dir = workspace({
      'p.yaml': BASE.replace('MODE: base', 'MODE: "${DB:?name the database}"\n        BAD: "x ${1A} y"'),
    });
    const r = await compileIn(dir, 'p.yaml');
    expect(r.text).toContain(
      "p.yaml:10:16: error FC1102 the variable 'DB' is required: name the database; set it with --var DB=VALUE",
    );
    expect(r.text).toContain("p.yaml:11:17: error FC1103 '${1A}' is not a valid variable reference");
  });

  it('refuses to copy a secret into the pipeline', async () => {
    const text = BASE.replace('MODE: base', 'PASSWORD: ${PG_PASSWORD}').replace(
      '      inputs: [src]\n',
      '      inputs: [src]\n      secrets:\n        - {name: pg, from_env: PG_PASSWORD, env: PG_PASSWORD}\n',
    );
    const r = await compileIn(workspace({ 'p.yaml': text }), 'p.yaml', {
      environment: { PG_PASSWORD: 'hunter2' },
    });
    expect(r.codes).toEqual(['FC1104']);
    expect(r.text).toContain(
      "p.yaml:10:19: error FC1104 the variable 'PG_PASSWORD' holds the value of secret 'pg'",
    );
    expect(r.text).not.toContain('hunter2');
  });

  it('refuses control characters brought in by a variable', async () => {
    const r = await compileIn(workspace({ 'p.yaml': BASE.replace('MODE: base', 'MODE: ${M}') }), 'p.yaml', {
      vars: { M: 'a\u0000b' },
    });
    expect(r.codes).toEqual(['FC1019']);
  });

  it('does not expand keys', async () => {
    const r = await compileIn(workspace({ 'p.yaml': BASE.replace('MODE: base', '${K}: v') }), 'p.yaml');
    expect(r.pipeline?.components[0].env.map((e) => e.name)).toEqual(['${K}']);
  });

  it('reports unreadable and malformed var files, and bad --var names', async () => {
    const dir = workspace({ 'p.yaml': BASE, 'bad.env': 'GOOD=1\nnot a line\n1X=2\nQ="open\n' });
    const r = await compileIn(dir, 'p.yaml', { varFiles: ['bad.env', 'missing.env'], vars: { 'A-B': '1' } });
    expect(r.text).toContain(
      "bad.env:2:1: error FC1105 this line of the variable file is not valid dotenv: it has no '='",
    );
    expect(r.text).toContain(
      'bad.env:3:1: error FC1105 this line of the variable file is not valid dotenv: "1X" is not a variable name',
    );
    expect(r.text).toContain(
      'bad.env:4:3: error FC1105 this line of the variable file is not valid dotenv: the double quote is not closed',
    );
    expect(r.text).toContain("error FC1002 cannot read 'missing.env': no such file.");
    expect(r.text).toContain("error FC1114 'A-B' is not a valid variable name");
  });

  it('reads dotenv quoting and comments', () => {
    const r = parseDotenv(
      'A=plain value # comment\nB="line\\nbreak \\"q\\" $X"\nC=\'single #not comment\'\n  export D = spaced  \nE=\r\n',
      'f.env',
    );
    expect(r.diagnostics).toEqual([]);
    expect(Object.fromEntries(r.vars)).toEqual({
      A: 'plain value',
      B: 'line\nbreak "q" $X',
      C: 'single #not comment',
      D: 'spaced',
      E: '',
    });
  });

  it('takes --env, --var and --var-file on the command line', async () => {
    const dir = workspace({
      'p.yaml': `${BASE.replace('MODE: base', 'MODE: ${MODE}')}environments:\n  prod: {target: kubernetes}\n`,
      'v.env': 'MODE=file\n',
    });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const ok = await flowctlInProcess(['validate', 'p.yaml', '--env', 'prod', '--var-file', 'v.env'], {});
      expect(ok).toMatchObject({ code: 0, stderr: 'p.yaml: valid, 2 components\n' });
      const missing = await flowctlInProcess(['validate', 'p.yaml'], {});
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("error FC1101 the variable 'MODE' is not set");
      const fromEnv = await flowctlInProcess(['validate', 'p.yaml', '--env', 'prod'], { MODE: 'env' });
      expect(fromEnv.code).toBe(0);
      const unknown = await flowctlInProcess(['validate', 'p.yaml', '--env', 'dev', '--var', 'MODE=x'], {});
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("error FC1109 the environment 'dev' is not defined");
    } finally {
      process.chdir(cwd);
    }
  });
});
