import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { filesUnder } from '../support/golden.js';
import { GOLDEN } from '../support/fixtures.js';
import { carrying, expectCarried, strings } from './compose-strings.js';
import { composeValue, dockerCompose, emitCompose } from './compose-support.js';

// Compose output checked by the target's own tooling: Debian's docker-compose 1.29 (installed by
// scripts/test-setup.sh) and the Compose specification schema it ships.

const goldens = filesUnder(join(GOLDEN, 'compose'))
  .filter((f) => f.endsWith('compose.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(GOLDEN, 'compose', f), 'utf8') }));

/** Placeholder values for the deployer-side variables a file interpolates (`${NAME...}`). */
function deployerEnv(text: string): Record<string, string> {
  const names = [...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  return Object.fromEntries(names.map((n) => [n, `/deployer/${n}`]));
}

describe('docker-compose config', () => {
  it('finds compose goldens to check', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(8);
  });

  for (const g of goldens)
    it(`accepts ${g.name}`, () => {
      const r = dockerCompose(g.text, ['config', '-q'], deployerEnv(g.text));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });

  it('rejects an invalid file (the check can fail)', () => {
    const bad = goldens[0].text.replace(
      'services:\n',
      'services:\n  bad:\n    image: x\n    restart_policy: always\n',
    );
    const r = dockerCompose(bad, ['config', '-q']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/restart_policy/);
  });

  it('reads random strings in env, config, args and labels back exactly', () => {
    for (const s of fc.sample(strings, { numRuns: 4, seed: 4242 })) {
      const r = dockerCompose(emitCompose(carrying(s)).text, ['config'], { HOME: '/home/deployer' });
      expect(r.code, r.stderr).toBe(0);
      // `config` prints the file after interpolation, every `$` escaped again as `$$` (keys too).
      const py = spawnSync(
        'python3',
        ['-c', 'import sys, json, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin)))'],
        {
          input: r.stdout,
          encoding: 'utf8',
        },
      );
      expectCarried(JSON.parse(py.stdout), s, composeValue, composeValue);
    }
  });

  // Why compose.yaml has no top-level `name:` (x-flowctl.project instead) and why a secret from
  // the environment cannot be a file secret: docker-compose 1.29 refuses both.
  it('refuses a top-level name: and secrets from the environment (docker-compose 1.29)', () => {
    const named = dockerCompose('name: p\nservices:\n  c:\n    image: x\n', ['config', '-q']);
    expect(named.code).not.toBe(0);
    expect(named.stderr).toMatch(/'name' does not match any of the regexes/);
    const env = dockerCompose(
      'services:\n  c:\n    image: x\n    secrets: [s]\nsecrets:\n  s:\n    environment: S\n',
      ['config', '-q'],
      { S: 'v' },
    );
    expect(env.code).not.toBe(0);
    expect(env.stderr).toMatch(/environment/);
  });

  it('substitutes an unescaped $ from the environment, so escaping is what keeps text literal', () => {
    const text = 'services:\n  c:\n    image: x\n    environment:\n      A: $HOME\n      B: $$HOME\n';
    const r = dockerCompose(text, ['config'], { HOME: '/home/deployer' });
    expect(r.stdout).toContain('A: /home/deployer');
    expect(r.stdout).toContain('B: $$HOME');
  });
});

function withoutIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIds);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => !(k === 'id' && typeof x === 'string'))
      .map(([k, x]) => [k, withoutIds(x)]),
  );
}

const SPEC = '/usr/lib/python3/dist-packages/compose/config/compose_spec.json';

describe('Compose specification schema (as shipped with docker-compose)', () => {
  it('is installed', () => {
    expect(existsSync(SPEC), `${SPEC} missing: run bash scripts/test-setup.sh`).toBe(true);
  });

  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-zA-Z]+)?$/);
  ajv.addFormat('ports', /^((\d+(-\d+)?|[0-9.:[\]a-f]+:\d+(-\d+)?):)?\d+(-\d+)?(\/[a-z]+)?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d+$/);
  // The file names its meta-schema with http:// and '#', which ajv does not know by that id, and
  // labels definitions with draft-04 `id` strings, which ajv refuses: both are only names.
  const spec = existsSync(SPEC)
    ? { ...(withoutIds(JSON.parse(readFileSync(SPEC, 'utf8'))) as object), $schema: undefined }
    : undefined;
  const validate = spec ? ajv.compile(spec) : undefined;
  const parse = (t: string) => parseYaml(t, { version: '1.1' });

  for (const g of goldens)
    it(`validates ${g.name}`, () => {
      expect(validate!(parse(g.text)), JSON.stringify(validate!.errors)).toBe(true);
    });

  it('rejects a service with a bad duration (the check can fail)', () => {
    const doc = parse(goldens[0].text);
    const first = Object.values(doc.services)[0] as Record<string, unknown>;
    first.healthcheck = { test: ['CMD', 'true'], interval: '10 seconds' };
    expect(validate!(doc)).toBe(false);
  });
});
