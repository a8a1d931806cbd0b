import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctlInProcess } from './support/cli.js';
import { ROOT } from './support/fixtures.js';

// The gallery: every examples/<name>/{pipeline,topology}.yaml validates and translates to every target.
const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'ci')
  .flatMap((d) =>
    ['pipeline.yaml', 'topology.yaml']
      .filter((f) => existsSync(join(ROOT, 'examples', d.name, f)))
      .map((f) => `examples/${d.name}/${f}`),
  );

describe('examples', () => {
  it('has the gallery the README promises', () => {
    expect(examples.map((e) => e.split('/')[1]).sort()).toEqual(
      expect.arrayContaining([
        'fan-out-fan-in',
        'kafka-to-postgres',
        'stellar-postgres',
        'stellar-testnet',
        'stellar-topology',
        'webhook-to-file',
      ]),
    );
  });

  for (const file of examples) {
    describe(file, () => {
      it('starts with a yaml-language-server modeline pointing at the shipped schema', () => {
        const first = readFileSync(join(ROOT, file), 'utf8').split('\n')[0];
        const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
        expect(m).not.toBeNull();
        expect(existsSync(join(ROOT, dirname(file), m![1]))).toBe(true);
      });

      it('validates with no errors or warnings', async () => {
        process.chdir(ROOT);
        const r = await flowctlInProcess(['validate', '--strict', file]);
        expect(r.stderr).toContain('valid');
        expect(r.code).toBe(0);
      });

      for (const target of ['compose', 'k8s', 'nomad', 'local']) {
        it(`translates to ${target}`, async () => {
          process.chdir(ROOT);
          const r = await flowctlInProcess(['translate', '-f', file, '-o', target]);
          expect(r.stderr).not.toMatch(/ error FC/);
          expect(r.code).toBe(0);
          expect(r.stdout.length).toBeGreaterThan(200);
          if (target === 'compose') {
            const dir = mkdtempSync(join(tmpdir(), 'flowctl-example-'));
            writeFileSync(join(dir, 'compose.yaml'), r.stdout);
            // Secrets from the deployer's environment are required at deploy time: provide them.
            const required = Object.fromEntries(
              [...r.stdout.matchAll(/\$\{(\w+):\?/g)].map((m) => [m[1], 'x']),
            );
            const env = { PATH: process.env.PATH ?? '', ...required };
            const check = spawnSync('docker-compose', ['-f', join(dir, 'compose.yaml'), 'config', '-q'], {
              encoding: 'utf8',
              env,
            });
            expect(check.stderr).toBe('');
            expect(check.status).toBe(0);
          }
          if (target === 'local') expect(spawnSync('bash', ['-n'], { input: r.stdout }).status).toBe(0);
        });
      }
    });
  }
});
