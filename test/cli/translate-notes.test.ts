import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';

// Notes (info diagnostics) can repeat once per component; translate counts them unless --verbose.
describe('translate notes', () => {
  const file = 'fixtures/valid-features/pipeline.yaml';

  it('counts notes per code by default, and prints warnings and errors in full', () => {
    const r = flowctl(['translate', '-f', file, '-o', 'compose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^info: 2 notes FC4101 not shown \(flowctl explain FC4101; --verbose lists each\)$/m,
    );
    expect(r.stderr).not.toMatch(/info FC4101/);
    expect(r.stdout).toContain('services:');
  });

  it('--verbose lists each note with its position and code frame', () => {
    const r = flowctl(['translate', '-f', file, '-o', 'compose', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^fixtures\/valid-features\/pipeline\.yaml:\d+:\d+: info FC4101 the healthcheck of '\w+' runs/m,
    );
    expect(r.stderr).not.toContain('not shown');
  });

  it('still prints warnings in full', () => {
    const r = flowctl(['translate', '-f', 'fixtures/compat-full-v1/pipeline.yaml', '-o', 'k8s']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipeline\.yaml:\d+:\d+: warning FC4202 /);
  });
});
