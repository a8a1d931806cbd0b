import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'flowctl-init-'));

function pidsOf(pattern: string): string[] {
  const r = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('flowctl init', () => {
  it('writes a starter that validates, translates to every target, and runs locally as written', async () => {
    const dir = fresh();
    const init = flowctl(['init', dir, '--non-interactive', '--name', 'starter', '--port-base', '18701']);
    expect(init.code).toBe(0);
    expect(
      init.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(l.lastIndexOf('/') + 1)),
    ).toEqual([
      'Dockerfile',
      'file-sink.mjs',
      'generator.mjs',
      'lib.mjs',
      'uppercase.mjs',
      'pipeline.yaml',
      'registry.yaml',
    ]);
    const pipeline = readFileSync(join(dir, 'pipeline.yaml'), 'utf8');
    expect(pipeline.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=.*schemas\/pipeline\.schema\.json$/,
    );
    // The modeline points at the schema flowctl ships.
    const schemaPath = pipeline.split('\n')[0].replace(/^.*\$schema=/, '');
    expect(existsSync(join(dir, schemaPath))).toBe(true);

    const v = flowctl(['validate', 'pipeline.yaml', '--registry', 'registry.yaml', '--strict'], { cwd: dir });
    expect(v.stderr).toContain('pipeline.yaml: valid, 3 components');
    expect(v.code).toBe(0);
    for (const t of ['compose', 'k8s', 'nomad', 'local']) {
      const r = flowctl(['translate', '-f', 'pipeline.yaml', '--registry', 'registry.yaml', '-o', t], {
        cwd: dir,
      });
      expect(r.code, `${t}: ${r.stderr}`).toBe(0);
      expect(r.stdout.length, t).toBeGreaterThan(100);
    }

    // As the README says: flowctl apply -t local, then flowctl delete -t local.
    const run = ['-f', 'pipeline.yaml', '--registry', 'registry.yaml', '-t', 'local'];
    const up = flowctl(['apply', ...run], { cwd: dir });
    try {
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(up.stdout).toContain('+ process generator');
      const out = join(dir, 'out', 'events.jsonl');
      const arrived = await waitFor(
        () => existsSync(out) && readFileSync(out, 'utf8').split('\n').length > 3,
        15_000,
      );
      expect(arrived).toBe(true);
      const events = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(events[0]).toEqual({ id: 1, message: 'HELLO NUMBER 1' });
      expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
      // A second apply changes nothing.
      const again = flowctl(['apply', ...run], { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.stdout).not.toMatch(/^\s+[+~-] /m);
    } finally {
      const down = flowctl(['delete', ...run], { cwd: dir });
      expect(down.code, down.stdout + down.stderr).toBe(0);
    }
    expect(pidsOf(`${dir}.*components/`)).toEqual([]);
    expect(pidsOf('components/generator.mjs').filter((p) => readCwd(p).startsWith(dir))).toEqual([]);
  }, 90_000);

  it('testnet presets validate against the default registry', () => {
    for (const preset of ['testnet-duckdb', 'testnet-postgres']) {
      const dir = fresh();
      expect(flowctl(['init', dir, '--non-interactive', '--preset', preset]).code).toBe(0);
      const v = flowctl(['validate', 'pipeline.yaml', '--registry', 'registry.yaml'], { cwd: dir });
      expect(v.code, `${preset}: ${v.stderr}`).toBe(0);
      expect(readFileSync(join(dir, 'pipeline.yaml'), 'utf8')).not.toMatch(/password:\s*\S/);
    }
  });

  it('never overwrites without --force, and refuses bad names and starters', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'pipeline.yaml'), 'mine\n');
    const r = flowctl(['init', dir, '--non-interactive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pipeline.yaml already exist');
    expect(readFileSync(join(dir, 'pipeline.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'registry.yaml'))).toBe(false);
    expect(flowctl(['init', dir, '--non-interactive', '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'pipeline.yaml'), 'utf8')).toContain('kind: Pipeline');
    expect(flowctl(['init', fresh(), '--non-interactive', '--name', 'Bad_Name']).code).toBe(2);
    expect(flowctl(['init', fresh(), '--non-interactive', '--preset', 'kafka']).stderr).toContain(
      'unknown starter',
    );
  });

  it('asks for the name and starter at a terminal', () => {
    const dir = fresh();
    const cmd = `${process.execPath} ${join(ROOT, 'bin', 'flowctl.js')} init ${dir}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      input: 'asked-name\ntestnet-duckdb\n',
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout).toContain('Pipeline name');
    expect(readFileSync(join(dir, 'pipeline.yaml'), 'utf8')).toContain('name: asked-name');
    expect(readFileSync(join(dir, 'pipeline.yaml'), 'utf8')).toContain('duckdb-consumer');
  });
});

function readCwd(pid: string): string {
  try {
    return spawnSync('readlink', [`/proc/${pid}/cwd`], { encoding: 'utf8' }).stdout.trim();
  } catch {
    return '';
  }
}
