import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TARGET_NAMES } from '../../src/emit/targets/index.js';
import { flowctlInProcess } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';
import { workspace } from './support.js';

// The canary: fixtures/layers-secrets names three secrets. Their values are offered to
// flowctl every way a value can reach it (environment, --var, --var-file, the secret files
// themselves) and must not appear in anything translate writes or prints, for any target,
// plain or base64-encoded. Each target must still reference every secret (so the search is
// not vacuous): by the secret's name, its environment variable, or its file.
const FIXTURE = 'fixtures/layers-secrets/pipeline.yaml';
const FILE_VALUES = ['canary-file-pem-5d1f0c7e', 'canary-file-token-93b2a4e1'];
const ENV = {
  PG_PASSWORD: 'canary-env-pg-8c41d2',
  PROD_PG_PASSWORD: 'canary-env-prod-0b7e55',
  PATH: process.env.PATH,
};
const FLAG_VALUE = 'canary-flag-3e9d17';
const VARFILE_VALUE = 'canary-varfile-a6f042';
const CANARIES = [...FILE_VALUES, ENV.PG_PASSWORD, ENV.PROD_PG_PASSWORD, FLAG_VALUE, VARFILE_VALUE];
const SECRETS = [
  ['api-cert', 'api.pem'],
  ['pg-password', 'PG_PASSWORD'],
  ['api-token', 'API_TOKEN', 'api.token'],
];

/** The value and its base64 forms at every byte alignment (as found inside longer encodings). */
function forms(value: string): string[] {
  const out = [value];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('x'.repeat(pad) + value).toString('base64');
    // Drop characters that depend on the neighbours of the value.
    out.push(b64.slice(Math.ceil((pad * 4) / 3) + 1, -4));
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const outDirs: string[] = [];
afterAll(() => {
  for (const d of outDirs) rmSync(d, { recursive: true, force: true });
});

describe('secrets never reach an artifact', () => {
  it('finds base64 forms of a value inside a longer encoding', () => {
    const encoded = Buffer.from(`{"password":"${FLAG_VALUE}"}`).toString('base64');
    expect(forms(FLAG_VALUE).some((f) => encoded.includes(f))).toBe(true);
  });

  for (const env of [undefined, 'prod']) {
    for (const target of TARGET_NAMES) {
      it(`${target}${env ? ` --env ${env}` : ''}`, async () => {
        const varFile = join(workspace({ 'secrets.env': `PG_PASSWORD=${VARFILE_VALUE}\n` }), 'secrets.env');
        const outDir = mkdtempSync(join(tmpdir(), 'flowctl-canary-'));
        outDirs.push(outDir);
        const common = [
          '-f',
          FIXTURE,
          '-o',
          target,
          '--var',
          `PROD_PG_PASSWORD=${FLAG_VALUE}`,
          '--var-file',
          varFile,
          ...(env ? ['--env', env] : []),
        ];
        const cwd = process.cwd();
        process.chdir(ROOT);
        let toStdout: Awaited<ReturnType<typeof flowctlInProcess>>;
        let toDir: Awaited<ReturnType<typeof flowctlInProcess>>;
        try {
          toStdout = await flowctlInProcess(['translate', ...common], ENV);
          toDir = await flowctlInProcess(['translate', ...common, '--out-dir', outDir], ENV);
        } finally {
          process.chdir(cwd);
        }
        expect(toStdout.code, toStdout.stderr).toBe(0);
        expect(toDir.code, toDir.stderr).toBe(0);
        const written = filesUnder(outDir).map((p) => readFileSync(p, 'utf8'));
        expect(written.length).toBeGreaterThan(0);
        const everything = [toStdout.stdout, toStdout.stderr, toDir.stdout, toDir.stderr, ...written].join(
          '\n',
        );
        for (const canary of CANARIES) {
          for (const f of forms(canary)) expect(everything, `${canary} (as ${f})`).not.toContain(f);
        }
        for (const [name, ...alt] of SECRETS) {
          expect(
            [name, ...alt].some((r) => toStdout.stdout.includes(r)),
            `${target} does not reference secret ${name}`,
          ).toBe(true);
        }
      });
    }
  }
});
