import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowctlInProcess } from '../support/cli.js';
import { FakeApiServer, statusBody } from './k8s-fake.js';
import { demoPipeline } from './k8s-support.js';
import { tempDir, writePipeline } from './support.js';

// Failures of the kubernetes backend, each one clear and each one before (or instead of) any
// change: unreachable API server, unknown context, kinds the cluster does not serve, objects
// and ApplySets that belong to someone else; and the objects it adopts.

const T = 60_000;
let fake: FakeApiServer;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await FakeApiServer.start();
  dir = tempDir('flowctl-k8s-errors-');
  env = {
    KUBECONFIG: fake.kubeconfig(dir),
    DB_PASSWORD: 'secret-value',
    FLOWCTL_LOCK_DIR: join(dir, 'locks'),
  };
});
afterEach(async () => {
  await fake.stop();
});

const file = (doc: unknown = demoPipeline({ namespace: 'demo' })) => writePipeline(dir, doc);
const apply = (...args: string[]) => flowctlInProcess(['apply', '-f', file(), '-t', 'k8s', ...args], env);
const mutating = () => fake.requests.filter((r) => r.method !== 'GET' && r.query.dryRun === undefined);

const deployment = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'demo', labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x' }] } },
  },
});

describe('kubernetes backend failures', () => {
  it(
    'an API server that refuses connections is FC5503 naming it',
    async () => {
      const down = await FakeApiServer.start();
      env.KUBECONFIG = down.kubeconfig(dir, { file: 'down' });
      await down.stop();
      const r = await apply();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `error FC5503 cannot reach the Kubernetes API server at '${down.url}' \\(.*ECONNREFUSED.*\\)`,
        ),
      );
    },
    T,
  );

  it(
    'speaks https to a server whose certificate the kubeconfig trusts, and refuses one it does not',
    async () => {
      const cert = (name: string) => {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=127.0.0.1',
            '-addext',
            'subjectAltName=IP:127.0.0.1',
            '-keyout',
            join(dir, `${name}.key`),
            '-out',
            join(dir, `${name}.crt`),
          ],
          { stdio: 'ignore' },
        );
        return {
          key: readFileSync(join(dir, `${name}.key`), 'utf8'),
          cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
        };
      };
      const tls = cert('server');
      const secure = await FakeApiServer.start('tls-token', tls);
      try {
        env.KUBECONFIG = secure.kubeconfig(dir, { file: 'tls' });
        const ok = await apply();
        expect(ok.stderr).not.toContain('error');
        expect(ok.code).toBe(0);
        expect(secure.requests.every((r) => r.bearer)).toBe(true);
        expect(secure.get('Deployment', 'demo', 'reader')).toBeDefined();
        env.KUBECONFIG = secure.kubeconfig(dir, { file: 'untrusted', ca: cert('other').cert });
        const refused = await apply();
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          new RegExp(
            `error FC5503 cannot reach the Kubernetes API server at '${secure.url}' \\(.*certificate.*\\)`,
          ),
        );
      } finally {
        await secure.stop();
      }
    },
    T,
  );

  it(
    'an unknown --context is FC5502 and nothing is requested',
    async () => {
      const r = await apply('--context', 'prod');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("error FC5502 the kubeconfig has no context 'prod' (it has 'fake')");
      expect(fake.requests).toEqual([]);
    },
    T,
  );

  it(
    'a kind the cluster does not serve is FC5507 before any change',
    async () => {
      fake.failNext(
        'GET',
        /^\/apis\/autoscaling\/v2$/,
        404,
        statusBody(404, 'NotFound', 'the server could not find the requested resource'),
      );
      const doc = demoPipeline({ namespace: 'demo' });
      Object.assign(doc.spec.sources[0], { autoscaling: { min_replicas: 1, max_replicas: 3 } });
      const r = await flowctlInProcess(['apply', '-f', file(doc), '-t', 'k8s'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "error FC5507 the cluster does not serve HorizontalPodAutoscaler in 'autoscaling/v2'; upgrade the cluster",
      );
      expect(mutating()).toEqual([]);
    },
    T,
  );

  it(
    'an object of the same name that is not ours is FC5506 and nothing is changed',
    async () => {
      fake.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
      fake.seed(deployment('writer', { app: 'writer' }));
      fake.seed(deployment('reader', { 'flowctl.io/pipeline': 'other' }));
      const r = await apply();
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "error FC5506 Deployment 'writer' in namespace 'demo' already exists and was not created by flowctl; delete or rename it",
      );
      expect(r.stderr).toContain(
        "error FC5506 Deployment 'reader' in namespace 'demo' already exists and belongs to pipeline 'other'",
      );
      expect(mutating()).toEqual([]);
    },
    T,
  );

  it(
    'an ApplySet parent of another tool is FC5511; flowctl neither changes nor prunes it',
    async () => {
      fake.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
      fake.seed({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'applyset-demo',
          namespace: 'demo',
          labels: { 'applyset.kubernetes.io/id': 'applyset-x-v1' },
          annotations: {
            'applyset.kubernetes.io/tooling': 'kubectl/v1.31.0',
            'applyset.kubernetes.io/contains-group-kinds': 'Deployment.apps',
          },
        },
      });
      const message =
        "error FC5511 the ApplySet parent Secret 'applyset-demo' in namespace 'demo' is managed by 'kubectl/v1.31.0', not flowctl";
      const applied = await apply('--prune');
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain(message);
      const deleted = await flowctlInProcess(['delete', '-f', file(), '-t', 'k8s'], env);
      expect(deleted.code).toBe(1);
      expect(deleted.stderr).toContain(message);
      expect(mutating()).toEqual([]);
    },
    T,
  );

  it(
    'adopts objects labelled for this pipeline but in no ApplySet (applied with kubectl apply -f)',
    async () => {
      fake.seed({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'demo', labels: { 'flowctl.io/pipeline': 'demo' } },
      });
      const emitted = await flowctlInProcess(['translate', '-f', file(), '-o', 'k8s'], env);
      const { parseAllDocuments } = await import('yaml');
      for (const d of parseAllDocuments(emitted.stdout)) fake.seed(d.toJS(), 'kubectl-client-side-apply');
      const r = await apply();
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        '  ~ Deployment    reader  (adopt into the ApplySet; metadata.labels.applyset.kubernetes.io/part-of)',
      );
      expect(fake.get('Deployment', 'demo', 'reader')?.metadata).toMatchObject({
        labels: { 'applyset.kubernetes.io/part-of': expect.stringMatching(/^applyset-.*-v1$/) },
      });
      const again = await apply();
      expect(again.stdout).toContain('No changes: 8 objects up to date.');
    },
    T,
  );

  it(
    "uses the context's namespace when the pipeline names none, creating it when missing",
    async () => {
      env.KUBECONFIG = fake.kubeconfig(dir, { file: 'team', namespace: 'team-a' });
      const r = await flowctlInProcess(['apply', '-f', file(demoPipeline()), '-t', 'k8s'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('  + Namespace     team-a\n');
      expect(fake.get('Namespace', undefined, 'team-a')?.metadata).toMatchObject({
        labels: { 'app.kubernetes.io/managed-by': 'flowctl', 'flowctl.io/pipeline': 'demo' },
      });
      expect(fake.get('Deployment', 'team-a', 'reader')).toBeDefined();
      expect(fake.get('Secret', 'team-a', 'applyset-demo')).toBeDefined();
      const deleted = await flowctlInProcess(['delete', '-f', file(demoPipeline()), '-t', 'k8s'], env);
      expect(deleted.code).toBe(0);
      expect(fake.inventory()).toEqual(['Namespace default', 'Namespace kube-system', 'Namespace team-a']);
    },
    T,
  );
});
