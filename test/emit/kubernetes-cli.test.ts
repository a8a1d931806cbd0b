import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { GOLDEN } from '../support/fixtures.js';
import { find, parseStream } from './kubernetes-helpers.js';

// `flowctl translate -o k8s` as a user runs it (requires `npm run build`).

const FEATURES = 'fixtures/valid-features/pipeline.yaml';
const goldenDir = join(GOLDEN, 'kubernetes', 'valid-features');
const goldenFiles = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'flowctl-k8s-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('flowctl translate -o k8s', () => {
  it('prints every object as one multi-document stream, in apply order', () => {
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'k8s']);
    expect(r.code).toBe(0);
    const expected = goldenFiles.map((f) => `---\n${readFileSync(join(goldenDir, f), 'utf8')}`).join('');
    expect(r.stdout).toBe(expected);
    const kinds = parseStream(r.stdout).map((o) => o.kind);
    expect(kinds[0]).toBe('Namespace');
    expect(kinds.indexOf('ConfigMap')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(kinds.lastIndexOf('Deployment')).toBeLessThan(kinds.indexOf('Service'));
    expect(kinds.at(-1)).toBe('NetworkPolicy');
    expect(r.stderr).toContain('warning FC4202');
  });

  it('is byte-identical across runs and under the kubernetes alias', () => {
    const a = flowctl(['translate', '-f', FEATURES, '-o', 'k8s']);
    const b = flowctl(['translate', '-f', FEATURES, '-o', 'kubernetes']);
    expect(b.stdout).toBe(a.stdout);
  });

  it('writes exactly one file per object with --out-dir, and prints their paths', () => {
    const out = join(tempDir(), 'deploy');
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'k8s', '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(goldenFiles);
    for (const f of goldenFiles)
      expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(goldenDir, f), 'utf8'));
    const printed = r.stdout.trim().split('\n');
    expect(printed).toHaveLength(goldenFiles.length);
    expect(printed.map((p) => p.split('/').at(-1)).sort()).toEqual(goldenFiles);
    const check = flowctl(['translate', '-f', FEATURES, '-o', 'k8s', '--out-dir', out, '--check']);
    expect(check.code).toBe(0);
  });

  it('makes the warnings errors under --strict, and writes nothing', () => {
    const out = join(tempDir(), 'deploy');
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'k8s', '--out-dir', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error FC4203 volume 'rules' of 'archive' has the relative host path '\.\/rules'/,
    );
    expect(() => readdirSync(out)).toThrow();
  });

  it('applies --prefix, --image-registry and --namespace', () => {
    const r = flowctl([
      'translate',
      '-f',
      FEATURES,
      '-o',
      'k8s',
      '--prefix',
      'dev',
      '--image-registry',
      'reg.local:5000',
      '--namespace',
      'staging',
    ]);
    expect(r.code).toBe(0);
    const objects = parseStream(r.stdout);
    expect(
      objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.name.startsWith('dev-')),
    ).toBe(true);
    expect(
      objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'staging'),
    ).toBe(true);
    const ct = find(objects, 'Deployment', 'dev-enrich').spec.template.spec.containers[0];
    expect(ct.image).toBe('reg.local:5000/example/enrich:2.0.0');
    expect(ct.env.find((e: { name: string }) => e.name === 'FLOWCTL_INPUTS').value).toBe(
      'dev-webhook.staging.svc.cluster.local:8080',
    );
  });

  it('fails on components Kubernetes cannot run, printing nothing', () => {
    const r = flowctl(['translate', '-f', 'fixtures/compat-command-only/pipeline.yaml', '-o', 'k8s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error FC4002 kubernetes cannot run 'src' as written (no image)");
    expect(r.stdout).toBe('');
  });
});
