import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtures.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('shows real output: its generated blocks match what flowctl prints now', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-readme.mjs'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !existsSync(join(ROOT, l)))).toEqual([]);
  });

  it('gives the set-up commands CI runs', () => {
    expect(readme).toContain('npm install && npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(
      /^npm install --no-audit --no-fund\nnpm test$/m,
    );
    expect(readme).toMatch(
      /npm install && npm run build && node bin\/flowctl\.js translate -f (examples\/\S+)/,
    );
    const example = /translate -f (examples\/\S+)/.exec(readme)![1];
    expect(existsSync(join(ROOT, example))).toBe(true);
  });
});
