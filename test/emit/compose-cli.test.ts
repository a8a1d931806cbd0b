import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { GOLDEN } from '../support/fixtures.js';

// `flowctl translate -o compose` as a user runs it (requires `npm run build`).

const FEATURES = 'fixtures/valid-features/pipeline.yaml';
const golden = readFileSync(join(GOLDEN, 'compose', 'valid-features', 'compose.yaml'), 'utf8');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'flowctl-compose-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('flowctl translate -o compose', () => {
  it('prints compose.yaml to standard output and diagnostics to standard error', () => {
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'compose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden);
    expect(r.stderr).toContain('warning FC4001');
  });

  it('accepts the docker-compose alias', () => {
    expect(flowctl(['translate', '-f', FEATURES, '-o', 'docker-compose']).stdout).toBe(golden);
  });

  it('writes only compose.yaml with --out-dir, and prints its path', () => {
    const out = join(tempDir(), 'deploy');
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'compose', '--out-dir', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toEqual(['compose.yaml']);
    expect(readFileSync(join(out, 'compose.yaml'), 'utf8')).toBe(golden);
    expect(r.stdout.trim().endsWith('compose.yaml')).toBe(true);
  });

  it('makes the not-carried warnings errors under --strict, and writes nothing', () => {
    const out = join(tempDir(), 'deploy');
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'compose', '--out-dir', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error FC4001 'autoscaling' of 'enrich' is not carried into compose/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('applies --prefix and --image-registry', () => {
    const r = flowctl([
      'translate',
      '-f',
      FEATURES,
      '-o',
      'compose',
      '--prefix',
      'dev',
      '--image-registry',
      'reg.local:5000',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n  dev-webhook:\n');
    expect(r.stdout).toContain('image: reg.local:5000/example/webhook-source:1.2.0');
    expect(r.stdout).toContain('FLOWCTL_INPUTS: dev-webhook:8080');
  });

  it('refuses a prefix compose cannot use', () => {
    const r = flowctl(['translate', '-f', FEATURES, '-o', 'compose', '--prefix', 'a b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error FC4105 the prefix 'a b' cannot start a Compose service name");
    expect(r.stdout).toBe('');
  });

  it('fails on components compose cannot run, printing nothing', () => {
    const r = flowctl(['translate', '-f', 'fixtures/compat-command-only/pipeline.yaml', '-o', 'compose']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error FC4002 compose cannot run 'src' as written (no image)");
    expect(r.stdout).toBe('');
  });
});
