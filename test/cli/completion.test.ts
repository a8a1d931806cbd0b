import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctl } from '../support/cli.js';

function script(shell: string): string {
  const r = flowctl(['completion', shell]);
  expect(r.code).toBe(0);
  const file = join(mkdtempSync(join(tmpdir(), 'flowctl-completion-')), `flowctl.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

/** Ask the bash completion function what it offers for a command line. */
function complete(file: string, words: string[]): string[] {
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _flowctl; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      encoding: 'utf8',
    },
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion', () => {
  it('bash: valid, shellcheck-clean, completes commands, flags and choices', () => {
    const file = script('bash');
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const sc = spawnSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
    expect(sc.stdout).toBe('');
    expect(complete(file, ['flowctl', 'tra'])).toEqual(['translate']);
    expect(complete(file, ['flowctl', 'translate', '-o', 'k'])).toEqual(['kubernetes', 'k8s']);
    expect(complete(file, ['flowctl', 'validate', '--form'])).toEqual(['--format']);
    expect(complete(file, ['flowctl', 'topology', 'su'])).toEqual(['suggest']);
  });

  it('zsh and fish: their own parsers accept the scripts', () => {
    for (const [shell, bin] of [
      ['zsh', 'zsh'],
      ['fish', 'fish'],
    ]) {
      const r = spawnSync(bin, ['-n', script(shell)], { encoding: 'utf8' });
      expect(r.stderr, shell).toBe('');
      expect(r.status, shell).toBe(0);
    }
  });

  it('fish lists every command with its description', () => {
    const text = flowctl(['completion', 'fish']).stdout;
    for (const c of ['validate', 'translate', 'resolve', 'apply', 'graph', 'explain'])
      expect(text).toContain(`-a ${c} -d `);
  });

  it('refuses an unknown shell with exit 2', () => {
    const r = flowctl(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});
