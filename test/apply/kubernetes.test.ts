import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { flowctlInProcess } from '../support/cli.js';
import { ROOT } from '../support/fixtures.js';
import { FakeApiServer } from './k8s-fake.js';
import { demoPipeline, flowctlAsync } from './k8s-support.js';
import { tempDir, writePipeline } from './support.js';

// The kubernetes backend driven through the real CLI against the fake API server: the exact
// requests made and the plan printed, for apply, re-apply, a change, --dry-run, --prune,
// conflicts, delete, diff and --format json.

/** The ApplySet id of parent Secret `applyset-demo` in namespace `demo`, computed with openssl:
 *  printf %s 'applyset-demo.demo.Secret.' | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=' */
const ID = 'applyset--N_sMFdk4uSaVcWxN_L15vlMoqhpTjCbSil-n7Z1wWw-v1';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SSA = 'fieldManager=flowctl&force=false';
const NS = '/api/v1/namespaces/demo';
const APPS = '/apis/apps/v1/namespaces/demo';
const NET = '/apis/networking.k8s.io/v1/namespaces/demo';
const SELECTOR = `labelSelector=applyset.kubernetes.io/part-of=${ID}`;
const T = 120_000;

let fake: FakeApiServer;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await FakeApiServer.start();
  dir = tempDir('flowctl-k8s-');
  env = {
    KUBECONFIG: fake.kubeconfig(dir),
    DB_PASSWORD: 'hunter2-secret',
    FLOWCTL_LOCK_DIR: join(dir, 'locks'),
  };
});
afterEach(async () => {
  await fake.stop();
});

function pipeline(o: Parameters<typeof demoPipeline>[0] = {}): string {
  return writePipeline(dir, demoPipeline({ namespace: 'demo', ...o }));
}

const run = (...args: string[]) => flowctlAsync([...args, '-t', 'kubernetes'], { env });

/** A first apply, as set-up for the test (in this process: faster than starting the CLI). */
async function setup(file: string): Promise<void> {
  const r = await flowctlInProcess(['apply', '-f', file, '-t', 'kubernetes'], env);
  expect(r.code, r.stderr).toBe(0);
}

/** The item lines of a printed plan: `+ Deployment reader`, reasons cut off. */
function planLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /^ {2}[-+~=] /.test(l))
    .map((l) =>
      l
        .trim()
        .replace(/\s+\(.*$/, '')
        .replace(/\s+/g, ' '),
    );
}

function replicas(name: string): number | undefined {
  const d = fake.get('Deployment', 'demo', name);
  return d ? (d.spec as { replicas?: number }).replicas : undefined;
}

const mutatingLines = (from: number) =>
  fake.lines(from).filter((l, i) => fake.requests[from + i].method !== 'GET' && !l.includes('dryRun='));

/** What `translate -o k8s` prints for the same pipeline, by `Kind/name`. */
async function translated(file: string): Promise<Map<string, Record<string, unknown>>> {
  const r = await flowctlAsync(['translate', '-f', file, '-o', 'k8s'], { env });
  expect(r.code).toBe(0);
  const docs = parseAllDocuments(r.stdout).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string } },
  );
  return new Map(docs.map((d) => [`${d.kind}/${d.metadata.name}`, d as unknown as Record<string, unknown>]));
}

describe('apply -t kubernetes', () => {
  it(
    'creates the namespace, the ApplySet parent and every object with server-side apply',
    async () => {
      const file = pipeline();
      const r = await run('apply', '-f', file);
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          "Plan for pipeline 'demo' (kubernetes):",
          '  + Namespace     demo',
          '  + Secret        applyset-demo  (ApplySet parent)',
          '  + Secret        db-password',
          '  + Deployment    reader',
          '  + Deployment    writer',
          '  + Service       reader',
          '  + NetworkPolicy reader',
          '  + NetworkPolicy writer',
          "note: namespace 'demo' does not exist yet: the server checks the objects in it when they are applied",
          '8 to create, 0 to update, 0 to delete, 0 unchanged.',
          'Applied: 8 created, 0 updated, 0 deleted, 0 unchanged.',
          '',
        ].join('\n'),
      );
      expect(fake.lines()).toEqual([
        'GET /api/v1',
        'GET /apis/apps/v1',
        'GET /apis/networking.k8s.io/v1',
        `GET ${NS}`,
        `PATCH ${NS}?${SSA}`,
        `PATCH ${NS}/secrets/applyset-demo?${SSA}`,
        `PATCH ${NS}/secrets/db-password?${SSA}`,
        `PATCH ${APPS}/deployments/reader?${SSA}`,
        `PATCH ${APPS}/deployments/writer?${SSA}`,
        `PATCH ${NS}/services/reader?${SSA}`,
        `PATCH ${NET}/networkpolicies/reader?${SSA}`,
        `PATCH ${NET}/networkpolicies/writer?${SSA}`,
      ]);
      for (const req of fake.requests) {
        expect(req.bearer).toBe(true);
        if (req.method === 'PATCH') expect(req.contentType).toBe('application/apply-patch+yaml');
      }
      const parent = fake.requests[5].body as { metadata: Record<string, unknown> };
      expect(parent.metadata.labels).toEqual({
        'applyset.kubernetes.io/id': ID,
        'app.kubernetes.io/managed-by': 'flowctl',
        'flowctl.io/pipeline': 'demo',
      });
      expect(parent.metadata.annotations).toEqual({
        'applyset.kubernetes.io/tooling': `flowctl/v${VERSION}`,
        'applyset.kubernetes.io/contains-group-kinds':
          'Deployment.apps,NetworkPolicy.networking.k8s.io,Secret,Service',
        'applyset.kubernetes.io/additional-namespaces': '',
      });
      // Each member is exactly what translate emits, plus the ApplySet label.
      const emitted = await translated(file);
      for (const req of fake.requests.slice(7)) {
        const body = req.body as { kind: string; metadata: { name: string; labels: Record<string, string> } };
        const want = structuredClone(emitted.get(`${body.kind}/${body.metadata.name}`)) as {
          metadata: { labels: Record<string, string> };
        };
        want.metadata.labels[`applyset.kubernetes.io/part-of`] = ID;
        expect(body).toEqual(want);
      }
      expect(fake.get('Namespace', undefined, 'demo')?.metadata).toMatchObject({
        labels: { 'app.kubernetes.io/managed-by': 'flowctl', 'flowctl.io/pipeline': 'demo' },
      });
    },
    T,
  );

  it(
    're-applying an unchanged pipeline prints only = and makes no mutating request',
    async () => {
      const file = pipeline();
      expect((await run('apply', '-f', file)).code).toBe(0);
      const from = fake.requests.length;
      const r = await run('apply', '-f', file);
      expect(r.code).toBe(0);
      expect(planLines(r.stdout)).toEqual([
        '= Namespace demo',
        '= Secret applyset-demo',
        '= Secret db-password',
        '= Deployment reader',
        '= Deployment writer',
        '= Service reader',
        '= NetworkPolicy reader',
        '= NetworkPolicy writer',
      ]);
      expect(r.stdout).toContain(
        'No changes: 8 objects up to date.\nApplied: 0 created, 0 updated, 0 deleted, 8 unchanged.\n',
      );
      expect(mutatingLines(from)).toEqual([]);
      // The plan was decided by the server: a dry-run apply of every object that exists.
      const dry = fake.lines(from).filter((l) => l.includes('dryRun=All'));
      expect(dry).toEqual([
        `PATCH ${NS}?dryRun=All&${SSA}`,
        `PATCH ${NS}/secrets/db-password?dryRun=All&${SSA}`,
        `PATCH ${APPS}/deployments/reader?dryRun=All&${SSA}`,
        `PATCH ${APPS}/deployments/writer?dryRun=All&${SSA}`,
        `PATCH ${NS}/services/reader?dryRun=All&${SSA}`,
        `PATCH ${NET}/networkpolicies/reader?dryRun=All&${SSA}`,
        `PATCH ${NET}/networkpolicies/writer?dryRun=All&${SSA}`,
      ]);
    },
    T,
  );

  it(
    'a change to one component updates only its objects',
    async () => {
      await setup(pipeline());
      const before = fake.get('Deployment', 'demo', 'reader');
      const from = fake.requests.length;
      const r = await run('apply', '-f', pipeline({ writerEnv: { MODE: 'overwrite' } }));
      expect(r.code).toBe(0);
      const changed = r.stdout.split('\n').filter((l) => /^ {2}[-+~] /.test(l));
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatch(/^ {2}~ Deployment {4}writer {2}\(.*spec\.template.*\)$/);
      expect(r.stdout).toContain('0 to create, 1 to update, 0 to delete, 7 unchanged.');
      expect(mutatingLines(from)).toEqual([`PATCH ${APPS}/deployments/writer?${SSA}`]);
      const env0 = (
        fake.get('Deployment', 'demo', 'writer') as never as {
          spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
        }
      ).spec.template.spec.containers[0].env;
      expect(env0).toContainEqual({ name: 'MODE', value: 'overwrite' });
      expect(fake.get('Deployment', 'demo', 'reader')).toEqual(before);
    },
    T,
  );

  it(
    '--dry-run asks the server with dryRun=All and persists nothing',
    async () => {
      await setup(pipeline());
      const inventory = fake.inventory();
      const writer = fake.get('Deployment', 'demo', 'writer');
      const from = fake.requests.length;
      const r = await run('apply', '-f', pipeline({ writerEnv: { MODE: 'overwrite' } }), '--dry-run');
      expect(r.code).toBe(0);
      expect(planLines(r.stdout)).toContain('~ Deployment writer');
      expect(r.stdout).not.toContain('Applied:');
      expect(mutatingLines(from)).toEqual([]);
      expect(fake.lines(from)).toContain(`PATCH ${APPS}/deployments/writer?dryRun=All&${SSA}`);
      expect(fake.inventory()).toEqual(inventory);
      expect(fake.get('Deployment', 'demo', 'writer')).toEqual(writer);
    },
    T,
  );

  it(
    '--dry-run into an existing namespace validates every new object on the server',
    async () => {
      const file = writePipeline(dir, demoPipeline());
      const r = await run('apply', '-f', file, '--dry-run');
      expect(r.stderr).toMatch(
        new RegExp(`^ +[0-9.]+s {2}kubernetes: context 'fake', server ${fake.url}, namespace 'default'\n$`),
      );
      expect(r.code).toBe(0);
      expect(planLines(r.stdout)).toEqual([
        '= Namespace default',
        '+ Secret applyset-demo',
        '+ Secret db-password',
        '+ Deployment reader',
        '+ Deployment writer',
        '+ Service reader',
        '+ NetworkPolicy reader',
        '+ NetworkPolicy writer',
      ]);
      expect(r.stdout).toContain('= Namespace     default  (exists, not created by flowctl: used as is)');
      const core = '/api/v1/namespaces/default';
      const apps = '/apis/apps/v1/namespaces/default';
      const net = '/apis/networking.k8s.io/v1/namespaces/default';
      const checked = (path: string) => [`GET ${path}`, `PATCH ${path}?dryRun=All&${SSA}`];
      expect(fake.lines()).toEqual([
        'GET /api/v1',
        'GET /apis/apps/v1',
        'GET /apis/networking.k8s.io/v1',
        `GET ${core}`,
        `GET ${core}/secrets/applyset-demo`,
        ...checked(`${core}/secrets/db-password`),
        ...checked(`${apps}/deployments/reader`),
        ...checked(`${apps}/deployments/writer`),
        ...checked(`${core}/services/reader`),
        ...checked(`${net}/networkpolicies/reader`),
        ...checked(`${net}/networkpolicies/writer`),
      ]);
      expect(fake.inventory()).toEqual(['Namespace default', 'Namespace kube-system']);
    },
    T,
  );
});

describe('apply --prune and delete', () => {
  /** Objects that are not this pipeline's: one unlabelled, one in another ApplySet. */
  function seedForeign(): void {
    const deployment = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'demo', labels },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x' }] } },
      },
    });
    fake.seed(deployment('foreign', { app: 'foreign' }));
    fake.seed(deployment('stranger', { 'applyset.kubernetes.io/part-of': 'applyset-other-v1' }));
  }

  it(
    'keeps removed objects without --prune and deletes exactly them with it',
    async () => {
      await setup(pipeline());
      seedForeign();
      const smaller = pipeline({ withWriter: false });
      let from = fake.requests.length;
      const kept = await run('apply', '-f', smaller);
      expect(kept.code).toBe(0);
      // reader's NetworkPolicy no longer admits writer: the only change.
      expect(planLines(kept.stdout).filter((l) => !l.startsWith('='))).toEqual(['~ NetworkPolicy reader']);
      expect(kept.stdout).toContain(
        "note: 2 objects are no longer in the pipeline and kept (NetworkPolicy 'writer', Deployment 'writer'); re-run with --prune to delete them",
      );
      expect(mutatingLines(from)).toEqual([`PATCH ${NET}/networkpolicies/reader?${SSA}`]);
      expect(fake.lines(from)).toEqual(expect.arrayContaining([`GET ${APPS}/deployments?${SELECTOR}`]));

      from = fake.requests.length;
      const pruned = await run('apply', '-f', smaller, '--prune');
      expect(pruned.code).toBe(0);
      expect(planLines(pruned.stdout).filter((l) => !l.startsWith('='))).toEqual([
        '- NetworkPolicy writer',
        '- Deployment writer',
      ]);
      expect(mutatingLines(from)).toEqual([
        `DELETE ${NET}/networkpolicies/writer?propagationPolicy=Background`,
        `DELETE ${APPS}/deployments/writer?propagationPolicy=Background`,
      ]);
      expect(fake.inventory()).toEqual([
        'Deployment demo/foreign',
        'Deployment demo/reader',
        'Deployment demo/stranger',
        'Namespace default',
        'Namespace demo',
        'Namespace kube-system',
        'NetworkPolicy demo/reader',
        'Secret demo/applyset-demo',
        'Secret demo/db-password',
        'Service demo/reader',
      ]);
    },
    T,
  );

  it(
    'never prunes Namespaces or PersistentVolumes, even when the ApplySet lists them',
    async () => {
      await setup(pipeline());
      const partOf = { 'applyset.kubernetes.io/part-of': ID };
      fake.update(
        'Namespace',
        undefined,
        'demo',
        (o) => Object.assign((o.metadata as { labels: object }).labels, partOf),
        'kubectl-label',
      );
      fake.seed({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv-demo', labels: partOf },
        spec: { capacity: { storage: '1Gi' } },
      });
      fake.update(
        'Secret',
        'demo',
        'applyset-demo',
        (o) => {
          const a = (o.metadata as { annotations: Record<string, string> }).annotations;
          a['applyset.kubernetes.io/contains-group-kinds'] =
            'Deployment.apps,Namespace,NetworkPolicy.networking.k8s.io,PersistentVolume,Secret,Service';
        },
        'flowctl',
      );
      const from = fake.requests.length;
      const r = await run('apply', '-f', pipeline({ withWriter: false }), '--prune');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        'note: the ApplySet lists Namespace, which is never pruned: its objects are left alone',
      );
      expect(r.stdout).toContain(
        'note: the ApplySet lists PersistentVolume, which is never pruned: its objects are left alone',
      );
      expect(mutatingLines(from)).toEqual([
        `PATCH ${NET}/networkpolicies/reader?${SSA}`,
        `DELETE ${NET}/networkpolicies/writer?propagationPolicy=Background`,
        `DELETE ${APPS}/deployments/writer?propagationPolicy=Background`,
        `PATCH ${NS}/secrets/applyset-demo?${SSA}`,
      ]);
      expect(fake.get('Namespace', undefined, 'demo')).toBeDefined();
      expect(fake.get('PersistentVolume', undefined, 'pv-demo')).toBeDefined();
      expect(fake.get('Secret', 'demo', 'applyset-demo')?.metadata).toMatchObject({
        annotations: {
          'applyset.kubernetes.io/contains-group-kinds':
            'Deployment.apps,NetworkPolicy.networking.k8s.io,Secret,Service',
        },
      });
    },
    T,
  );

  it(
    'delete removes exactly the ApplySet members and its parent, and keeps the namespace',
    async () => {
      await setup(pipeline());
      seedForeign();
      const from = fake.requests.length;
      const r = await run('delete', '-f', pipeline());
      expect(r.code).toBe(0);
      expect(planLines(r.stdout)).toEqual([
        '- NetworkPolicy reader',
        '- NetworkPolicy writer',
        '- Service reader',
        '- Deployment reader',
        '- Deployment writer',
        '- Secret db-password',
        '- Secret applyset-demo',
      ]);
      expect(r.stdout).toContain(
        "note: namespace 'demo' is kept: delete it with 'kubectl delete namespace demo' once nothing else lives in it",
      );
      expect(mutatingLines(from)).toEqual(
        [
          `${NET}/networkpolicies/reader`,
          `${NET}/networkpolicies/writer`,
          `${NS}/services/reader`,
          `${APPS}/deployments/reader`,
          `${APPS}/deployments/writer`,
          `${NS}/secrets/db-password`,
          `${NS}/secrets/applyset-demo`,
        ].map((p) => `DELETE ${p}?propagationPolicy=Background`),
      );
      expect(fake.inventory()).toEqual([
        'Deployment demo/foreign',
        'Deployment demo/stranger',
        'Namespace default',
        'Namespace demo',
        'Namespace kube-system',
      ]);
      const again = fake.requests.length;
      const second = await run('delete', '-f', pipeline());
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('(nothing: no objects are owned by this pipeline)');
      expect(mutatingLines(again)).toEqual([]);
    },
    T,
  );
});

describe('conflicts, diff and --format json', () => {
  it(
    'a field changed by another manager is a conflict naming the field and the manager; --force-conflicts takes it',
    async () => {
      await setup(pipeline());
      fake.update(
        'Deployment',
        'demo',
        'reader',
        (o) => Object.assign(o.spec as object, { replicas: 5 }),
        'kubectl',
      );
      let from = fake.requests.length;
      const r = await run('apply', '-f', pipeline());
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("  ~ Deployment    reader  (conflict: '.spec.replicas' owned by 'kubectl')");
      expect(r.stderr).toContain(
        "error FC5505 Deployment 'reader' has fields another field manager changed ('.spec.replicas' owned by 'kubectl'); re-run with --force-conflicts",
      );
      expect(mutatingLines(from)).toEqual([]);

      from = fake.requests.length;
      const forced = await run('apply', '-f', pipeline(), '--force-conflicts');
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain("takes over '.spec.replicas' owned by 'kubectl'");
      expect(mutatingLines(from)).toEqual([
        `PATCH ${APPS}/deployments/reader?fieldManager=flowctl&force=true`,
      ]);
      expect(replicas('reader')).toBe(2);
    },
    T,
  );

  it(
    'diff prints the plan, changes nothing, and exits 1 only when something would change',
    async () => {
      await setup(pipeline());
      let from = fake.requests.length;
      const same = await run('diff', '-f', pipeline());
      expect(same.code).toBe(0);
      expect(same.stdout).toContain('No changes: 8 objects up to date.');
      expect(mutatingLines(from)).toEqual([]);
      from = fake.requests.length;
      const changed = await run('diff', '-f', pipeline({ readerReplicas: 3 }));
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/^ {2}~ Deployment {4}reader {2}\(.*\bspec\.replicas\b.*\)$/m);
      expect(mutatingLines(from)).toEqual([]);
      expect(replicas('reader')).toBe(2);
    },
    T,
  );

  it(
    '--format json prints one document with the plan and the result, and no progress',
    async () => {
      const r = await run('apply', '-f', pipeline({ withWriter: false }), '--format', 'json');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as {
        backend: string;
        plan: { action: string; kind: string; name: string; component: string | null }[];
        result: { ok: boolean; summary: Record<string, number> };
      };
      expect(doc.backend).toBe('kubernetes');
      expect(doc.plan.map((i) => `${i.action} ${i.kind} ${i.name} ${i.component}`)).toEqual([
        'create Namespace demo null',
        'create Secret applyset-demo null',
        'create Secret db-password null',
        'create Deployment reader reader',
        'create Service reader reader',
        'create NetworkPolicy reader reader',
      ]);
      expect(doc.result.ok).toBe(true);
      expect(doc.result.summary).toEqual({ changed: 6, unchanged: 0, failed: 0, 'not-attempted': 0 });
    },
    T,
  );
});
