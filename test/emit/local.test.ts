import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_SCRIPT } from '../../src/emit/local/layout.js';
import { localTarget } from '../../src/emit/targets/local.js';
import type { Component, Pipeline } from '../../src/ir.js';
import { compileDoc, tempDir, wellFormed } from '../e2e/local/harness.js';
import { flowctlInProcess } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';
import { filesUnder } from '../support/golden.js';

const dir = tempDir('emit-local');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (spec: object, name = 'unit') => ({
  apiVersion: 'flowctl/v1',
  kind: 'Pipeline',
  metadata: { name },
  spec,
});
const emit = async (spec: object) => localTarget.emit(await compileDoc(dir, doc(spec)), {});
const codes = (r: { diagnostics: readonly { code: string }[] }) => r.diagnostics.map((d) => d.code);

/** `bash -n` and shellcheck on scripts; returns their combined findings ('' when clean). */
function lint(...paths: string[]): string {
  const syntax = paths.map((p) => spawnSync('bash', ['-n', p], { encoding: 'utf8' }).stderr).join('');
  const sc = spawnSync('shellcheck', ['--format=gcc', ...paths], { encoding: 'utf8' });
  if (sc.error) throw sc.error;
  return `${syntax}${sc.stdout}${sc.stderr}`;
}

describe('local emitter diagnostics', () => {
  it('refuses a component with only an image (FC4401) and writes no script', async () => {
    const r = await emit({ sources: [{ id: 'a', image: 'a:1' }] });
    expect(codes(r)).toEqual(['FC4401']);
    expect(r.diagnostics[0].message).toContain("'a' has only the image 'a:1'");
    expect(r.files.size).toBe(0);
  });

  it('reports, and otherwise carries, what a local process cannot have', async () => {
    const r = await emit({
      sources: [
        {
          id: 'a',
          image: 'a:1',
          command: ['./a'],
          env: { 'my.var': 'x', OK: 'y' },
          replicas: 2,
          resources: { limits: { cpu: '1' } },
          labels: { tier: 'x' },
          ports: [{ containerPort: 8080, hostPort: 18080 }],
        },
      ],
    });
    expect(codes(r).sort()).toEqual(['FC4001', 'FC4001', 'FC4001', 'FC4402', 'FC4407', 'FC4409']);
    const warned = r.diagnostics.filter((d) => d.code === 'FC4001').map((d) => d.message);
    for (const field of ['replicas', 'resources', 'labels'])
      expect(warned.some((m) => m.startsWith(`'${field}' of 'a' is not carried into local`))).toBe(true);
    const script = r.files.get(LOCAL_SCRIPT)!;
    expect(script).toContain("'OK=y'");
    expect(script).not.toContain('my.var');
    expect(script).toContain("'FLOWCTL_PORT=8080'");
  });

  it('refuses two components on one loopback port (FC4403)', async () => {
    const r = await emit({
      sources: [{ id: 'a', command: ['./a'], ports: [{ containerPort: 9000 }] }],
      sinks: [{ id: 'b', command: ['./b'], inputs: ['a'], ports: [{ containerPort: 9000 }] }],
    });
    expect(codes(r)).toEqual(['FC4403']);
    expect(r.files.size).toBe(0);
  });

  it('reports secrets it cannot read, modes it will not use, and unsafe health paths and commands', async () => {
    const r = await emit({
      sources: [
        {
          id: 'a',
          command: ['./a=b'],
          ports: [{ containerPort: 9001 }],
          health: { http: '/a b', port: 9001 },
          secrets: [
            { name: 'none' },
            { name: 'bad-env', from_env: 'NOT-A-NAME' },
            { name: 'wide', file: './k', mode: '0644' },
          ],
        },
      ],
    });
    expect(codes(r).sort()).toEqual(['FC4406', 'FC4412', 'FC4413', 'FC4414', 'FC4415']);
  });

  it('writes health timeouts as plain decimals bash and timeout(1) accept', async () => {
    const r = await emit({
      sources: [
        {
          id: 'a',
          command: ['./a'],
          ports: [{ containerPort: 9002 }],
          health: { http: '/h', timeout: '1ms', interval: '1s', retries: 2 },
        },
      ],
      sinks: [{ id: 'b', command: ['./b'], inputs: ['a'], health: { command: ['true'], timeout: '2.5s' } }],
    });
    const script = r.files.get(LOCAL_SCRIPT)!;
    expect(script).toContain("fc_check_http 9002 '/h' 0.1\n");
    expect(script).toContain('fc_probe 2.5 1\n');
    // up waits interval × retries + timeout, at least 10 s: max(10, 1×2 + 0.001) and 10×3 + 2.5.
    expect(script).toContain('FC_WAIT=(10 33)');
  });

  it('refuses a NUL in any value (FC4408) instead of cutting it short', async () => {
    const p = await compileDoc(dir, doc({ sources: [{ id: 'a', command: ['./a'] }] }));
    const c: Component = { ...p.components[0], args: ['x\u0000y'] };
    const r = localTarget.emit({ ...p, components: [c] }, {});
    expect(codes(r)).toEqual(['FC4408']);
    expect(r.files.size).toBe(0);
  });

  it('makes --strict turn local warnings into errors', async () => {
    const file = join(ROOT, 'fixtures', 'local-features', 'pipeline.yaml');
    expect((await flowctlInProcess(['translate', '-f', file, '-o', 'local'])).code).toBe(0);
    const strict = await flowctlInProcess(['translate', '-f', file, '-o', 'local', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error FC4402 'my.dotted'/);
    expect(strict.stdout).toBe('');
  });
});

describe('local script files', () => {
  it('are written executable by translate --out-dir, and printed whole without it', async () => {
    const file = join(ROOT, 'fixtures', 'compat-command-only', 'pipeline.yaml');
    const out = join(dir, 'translated');
    const r = await flowctlInProcess(['translate', '-f', file, '-o', 'local', '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(out, LOCAL_SCRIPT)).mode & 0o777).toBe(0o755);
    const printed = await flowctlInProcess(['translate', '-f', file, '-o', 'process']);
    expect(printed.stdout).toBe(readFileSync(join(out, LOCAL_SCRIPT), 'utf8'));
    expect(printed.stdout.startsWith('#!/usr/bin/env bash\n')).toBe(true);
  });

  it('pass bash -n and shellcheck with no findings: every golden script', () => {
    const scripts = filesUnder(join(ROOT, 'golden', 'local')).filter((f) => f.endsWith('.sh'));
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    expect(lint(...scripts.map((s) => join(ROOT, 'golden', 'local', s)))).toBe('');
  }, 120_000);

  it('are deterministic and lint-clean for arbitrary values (property)', async () => {
    const base = await compileDoc(
      dir,
      doc({
        sources: [{ id: 'a', command: ['./a'], ports: [{ containerPort: 7001 }], health: { http: '/h' } }],
        sinks: [{ id: 'b', command: ['./b'], inputs: ['a'], health: { command: ['true'] } }],
      }),
    );
    const word = fc
      .string({ unit: 'binary', maxLength: 12 })
      .filter((s) => !s.includes('\u0000') && wellFormed(s));
    const values = fc.record({ args: fc.array(word, { maxLength: 4 }), value: word, name: word });
    const withValues = (v: { args: string[]; value: string; name: string }, c: Component): Component => ({
      ...c,
      command: c.command && { ...c.command, value: [...c.command.value, v.name] },
      args: v.args,
      env: [{ name: 'V', value: v.value, loc: c.loc }],
      config: [{ key: v.value, value: v.args, loc: c.loc }],
    });
    fc.assert(
      fc.property(values, (v) => {
        const p: Pipeline = {
          ...base,
          name: v.name,
          description: v.value,
          components: base.components.map((c) => withValues(v, c)),
        };
        const first = localTarget.emit(p, {});
        expect(localTarget.emit(p, {})).toEqual(first);
        expect(first.files.get(LOCAL_SCRIPT)).not.toContain(ROOT);
      }),
      { numRuns: 100 },
    );
    // shellcheck costs about a second a script here: lint one script that holds 25 samples.
    const samples = fc.sample(values, { numRuns: 25, seed: 42 });
    const [a] = base.components;
    const many: Pipeline = {
      ...base,
      name: samples[0].name,
      components: samples.map((v, i) => ({ ...withValues(v, a), id: `c${i}`, ports: [] })),
    };
    const text = localTarget.emit(many, {}).files.get(LOCAL_SCRIPT)!;
    const path = join(dir, 'random.sh');
    writeFileSync(path, text);
    expect(lint(path)).toBe('');
  }, 120_000);
});
