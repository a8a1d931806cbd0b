import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './support/fixtures.js';

// The documented CI recipe, run for real against a scratch repository.
const FLOWCTL = `${process.execPath} ${join(ROOT, 'bin', 'flowctl.js')}`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowctl-ci-'));
  mkdirSync(join(dir, 'pipelines'));
  cpSync(join(ROOT, 'examples', 'fan-out-fan-in', 'pipeline.yaml'), join(dir, 'pipelines', 'ingest.yaml'));
  // Point the modeline's relative schema path anywhere: flowctl ignores comments.
  for (const [target, out] of [
    ['k8s', 'deploy/k8s'],
    ['compose', 'deploy/compose'],
  ]) {
    const r = sh(dir, `${FLOWCTL} translate -f pipelines/ingest.yaml -o ${target} --out-dir ${out}`);
    expect(r.status, r.stderr).toBe(0);
  }
  return dir;
}

function sh(cwd: string, script: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
  });
}

/** The `run:` lines of the workflow, with `flowctl` replaced by this checkout's binary. */
function workflowSteps(): { name: string; run: string }[] {
  const wf = parse(readFileSync(join(ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8'));
  return (wf.jobs.flowctl.steps as { name?: string; run?: string }[])
    .filter((s) => s.run && !s.run.startsWith('npm install'))
    .map((s) => ({
      name: s.name ?? '',
      run: s.run!.replace(/(^|\s)flowctl(?=\s)/gm, (_m, pre: string) => `${pre}${FLOWCTL}`),
    }));
}

describe('CI recipe', () => {
  it('GitHub workflow: every step passes on an up-to-date repository', () => {
    const dir = repo();
    const steps = workflowSteps();
    expect(steps.map((s) => s.name)).toEqual([
      'Validate (annotations on the offending lines)',
      'SARIF report',
      'Committed artifacts are up to date',
    ]);
    for (const s of steps) {
      const r = sh(dir, s.run);
      expect(r.status, `${s.name}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    const sarif = JSON.parse(readFileSync(join(dir, 'flowctl.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
  });

  it('GitHub workflow: a stale artifact fails the check step with a readable diff; a bad line is annotated', () => {
    const dir = repo();
    const file = join(dir, 'pipelines', 'ingest.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('start_ledger: 2187805', 'start_ledger: 3000000'));
    const [validate, , check] = workflowSteps();
    expect(sh(dir, validate.run).status).toBe(0);
    const r = sh(dir, check.run);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^--- a\/.*\n\+\+\+ b\//m);
    expect(r.stdout).toContain('-');
    expect(r.stdout).toContain('3000000');
    expect(r.stdout).toContain('is out of date');

    writeFileSync(file, readFileSync(file, 'utf8').replace('inputs: [ledgers]', 'inputs: [ledger]'));
    const v = sh(dir, validate.run);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/^::error file=pipelines\/ingest\.yaml,line=\d+,col=\d+,.*::FC3002 /m);
  });

  it('plain shell step: passes when up to date, fails listing missing and extra files', () => {
    const dir = repo();
    const script = join(ROOT, 'examples', 'ci', 'flowctl-ci.sh');
    const ok = sh(dir, `${script} pipelines/ingest.yaml k8s:deploy/k8s compose:deploy/compose`, { FLOWCTL });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    writeFileSync(join(dir, 'deploy', 'k8s', 'stray.yaml'), 'kind: Leftover\n');
    cpSync(join(dir, 'deploy', 'compose', 'compose.yaml'), join(dir, 'compose.bak'));
    spawnSync('rm', [join(dir, 'deploy', 'compose', 'compose.yaml')]);
    const bad = sh(dir, `${script} pipelines/ingest.yaml k8s:deploy/k8s compose:deploy/compose`, {
      FLOWCTL,
      GITHUB_ACTIONS: 'true',
    });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('extra: deploy/k8s/stray.yaml');
    expect(bad.stdout).toContain('missing: deploy/compose/compose.yaml');
    expect(bad.stderr).toContain("deploy/k8s is stale: run 'flowctl translate");
  });

  it('--check writes nothing', () => {
    const dir = repo();
    const before = sh(dir, 'find deploy -type f | sort | xargs sha256sum').stdout;
    const file = join(dir, 'pipelines', 'ingest.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('24h', '48h'));
    expect(
      sh(dir, `${FLOWCTL} translate -f pipelines/ingest.yaml -o k8s --out-dir deploy/k8s --check`).status,
    ).toBe(1);
    expect(sh(dir, 'find deploy -type f | sort | xargs sha256sum').stdout).toBe(before);
    expect(sh(dir, 'find . -name ".flowctl-tmp-*"').stdout).toBe('');
  });
});
