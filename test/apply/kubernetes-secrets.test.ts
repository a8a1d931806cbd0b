import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApiServer, statusBody } from './k8s-fake.js';
import { demoPipeline, flowctlAsync } from './k8s-support.js';
import { tempDir, writePipeline } from './support.js';

// Secrets on the kubernetes backend: apply creates each referenced Secret from the deployer's
// environment or a host file, and the value never appears in anything flowctl prints: plans,
// progress, results, JSON, diagnostics, or errors the API server sends back.

const VALUE = 'Pa55-word:with spaces';
const B64 = Buffer.from(VALUE).toString('base64');
const T = 120_000;

let fake: FakeApiServer;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await FakeApiServer.start();
  dir = tempDir('flowctl-k8s-secrets-');
  env = { KUBECONFIG: fake.kubeconfig(dir), DB_PASSWORD: VALUE, FLOWCTL_LOCK_DIR: join(dir, 'locks') };
});
afterEach(async () => {
  await fake.stop();
});

const run = (args: string[], extra: Record<string, string | undefined> = {}) => {
  const e = { ...env, ...extra };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return flowctlAsync([...args, '-t', 'kubernetes'], { env: e as Record<string, string> });
};

function expectNoValue(...outputs: string[]): void {
  for (const out of outputs) {
    expect(out).not.toContain(VALUE);
    expect(out).not.toContain(B64);
    expect(out).not.toContain(B64.replace(/=+$/, ''));
  }
}

const secretData = () =>
  (fake.get('Secret', 'demo', 'db-password') as { data?: Record<string, string> } | undefined)?.data;

describe('kubernetes secrets', () => {
  it(
    'creates the Secret from the environment and never prints the value',
    async () => {
      const file = writePipeline(dir, demoPipeline({ namespace: 'demo' }));
      const applied = await run(['apply', '-f', file]);
      expect(applied.code).toBe(0);
      expect(secretData()).toEqual({ value: B64 });
      const patch = fake.requests.find(
        (r) => r.method === 'PATCH' && r.path.endsWith('/secrets/db-password'),
      );
      expect(patch?.body).toMatchObject({ type: 'Opaque', data: { value: B64 } });

      const json = await run(['apply', '-f', file, '--format', 'json']);
      expect(json.code).toBe(0);
      const changed = await run(['diff', '-f', file], { DB_PASSWORD: 'another-value-entirely' });
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain('  ~ Secret        db-password  (data.value)');
      expectNoValue(applied.stdout, applied.stderr, json.stdout, json.stderr, changed.stdout, changed.stderr);
      expect(changed.stdout).not.toContain('another-value-entirely');
    },
    T,
  );

  it(
    'redacts the value, plain and base64, from errors the API server sends back',
    async () => {
      const file = writePipeline(dir, demoPipeline({ namespace: 'demo' }));
      const message = `Secret "db-password" is invalid: data[value]: Invalid value: "${VALUE}" (base64 ${B64})`;
      fake.failNext('PATCH', /\/secrets\/db-password$/, 422, statusBody(422, 'Invalid', message));
      const r = await run(['apply', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'error FC5504 the Kubernetes API server refused to apply Secret \'db-password\': Secret "db-password" is invalid: data[value]: Invalid value: "[redacted]" (base64 [redacted]); fix the cause and re-run.',
      );
      expect(r.stdout).toMatch(/failed +Secret +db-password: Secret "db-password" is invalid/);
      expect(r.stdout).toMatch(/not attempted {2}Deployment {4}reader/);
      expectNoValue(r.stdout, r.stderr);
      // Nothing after the failed object was attempted; a re-run converges.
      const again = await run(['apply', '-f', file]);
      expect(again.code).toBe(0);
      expect(secretData()).toEqual({ value: B64 });
    },
    T,
  );

  it(
    'a required secret with no value and no Secret in the cluster is FC5006; nothing is changed',
    async () => {
      const file = writePipeline(dir, demoPipeline({ namespace: 'demo' }));
      const r = await run(['apply', '-f', file], { DB_PASSWORD: undefined });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "error FC5006 secret 'db-password' of 'reader' needs the environment variable 'DB_PASSWORD'",
      );
      expect(fake.requests.filter((q) => q.method !== 'GET' && q.query.dryRun === undefined)).toEqual([]);
    },
    T,
  );

  it(
    'without the value, an existing Secret is used as is and never pruned',
    async () => {
      const file = writePipeline(dir, demoPipeline({ namespace: 'demo' }));
      expect((await run(['apply', '-f', file])).code).toBe(0);
      const from = fake.requests.length;
      const r = await run(['apply', '-f', file, '--prune'], { DB_PASSWORD: undefined });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        "  = Secret        db-password  (exists; the environment variable 'DB_PASSWORD' is not set here, so it is used as is)",
      );
      expect(
        fake.requests.slice(from).filter((q) => q.method !== 'GET' && q.query.dryRun === undefined),
      ).toEqual([]);
      expect(secretData()).toEqual({ value: B64 });
    },
    T,
  );

  it(
    'a Secret of the same name that flowctl did not create is FC5506, not overwritten',
    async () => {
      const file = writePipeline(dir, demoPipeline({ namespace: 'demo' }));
      fake.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
      fake.seed({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db-password', namespace: 'demo' },
        data: { value: 'b3RoZXI=' },
      });
      const r = await run(['apply', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "error FC5506 Secret 'db-password' in namespace 'demo' already exists and was not created by flowctl; delete or rename it",
      );
      expect(secretData()).toEqual({ value: 'b3RoZXI=' });
      expectNoValue(r.stdout, r.stderr);
    },
    T,
  );

  it(
    'reads a file secret relative to the pipeline file',
    async () => {
      writeFileSync(join(dir, 'token.txt'), 'file-token-0123456789\n');
      const doc = demoPipeline({ namespace: 'demo' });
      doc.spec.sources[0].secrets = [
        { name: 'db-password', file: 'token.txt', container_path: '/run/token' } as never,
      ];
      const file = writePipeline(dir, doc);
      const r = await run(['apply', '-f', file]);
      expect(r.code).toBe(0);
      expect(secretData()).toEqual({ value: Buffer.from('file-token-0123456789\n').toString('base64') });
      expect(`${r.stdout}${r.stderr}`).not.toContain('file-token-0123456789');
    },
    T,
  );
});
