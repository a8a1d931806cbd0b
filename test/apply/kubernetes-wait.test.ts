import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowctlInProcess } from '../support/cli.js';
import { FakeApiServer } from './k8s-fake.js';
import { demoPipeline } from './k8s-support.js';
import { tempDir, writePipeline } from './support.js';

// --wait on the kubernetes backend: the fake API server rolls Deployments out one step per read
// (observedGeneration, then updatedReplicas, then availableReplicas), stalls, or reports that the
// progress deadline passed.

const T = 60_000;
let fake: FakeApiServer;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await FakeApiServer.start();
  dir = tempDir('flowctl-k8s-wait-');
  env = {
    KUBECONFIG: fake.kubeconfig(dir),
    DB_PASSWORD: 'secret-value',
    FLOWCTL_LOCK_DIR: join(dir, 'locks'),
  };
});
afterEach(async () => {
  await fake.stop();
});

const apply = (...extra: string[]) =>
  flowctlInProcess(
    ['apply', '-f', writePipeline(dir, demoPipeline({ namespace: 'demo' })), '-t', 'k8s', ...extra],
    env,
  );

/** Progress lines about one Deployment, without the elapsed-time prefix. */
const progressOf = (stderr: string, name: string) =>
  stderr
    .split('\n')
    .map((l) => l.replace(/^ +[0-9.]+s {2}/, ''))
    .filter((l) => l.startsWith(`Deployment '${name}': `));

describe('apply --wait -t kubernetes', () => {
  it(
    'waits for every Deployment to roll out and shows its progress',
    async () => {
      fake.rollout = 'progress';
      const r = await apply('--wait');
      expect(r.code).toBe(0);
      expect(progressOf(r.stderr, 'reader')).toEqual([
        "Deployment 'reader': waiting for the controller to observe the new spec",
        "Deployment 'reader': 0 of 2 new replicas updated",
        "Deployment 'reader': 1 of 2 new replicas updated",
        "Deployment 'reader': 0 of 2 updated replicas available",
        "Deployment 'reader': 1 of 2 updated replicas available",
        "Deployment 'reader': rolled out",
      ]);
      expect(progressOf(r.stderr, 'writer').at(-1)).toBe("Deployment 'writer': rolled out");
      expect(fake.get('Deployment', 'demo', 'reader')?.status).toMatchObject({
        availableReplicas: 2,
        updatedReplicas: 2,
      });
      expect(r.stdout).toContain('Applied: 8 created, 0 updated, 0 deleted, 0 unchanged.');
    },
    T,
  );

  it(
    'without --wait, apply does not read the rollout',
    async () => {
      fake.rollout = 'progress';
      const r = await apply();
      expect(r.code).toBe(0);
      expect(progressOf(r.stderr, 'reader')).toEqual([]);
      expect(
        fake.lines().filter((l) => l.startsWith('GET /apis/apps/v1/namespaces/demo/deployments/')),
      ).toEqual([]);
    },
    T,
  );

  it(
    'a rollout that does not finish within --timeout is FC5508 with its last state',
    async () => {
      fake.rollout = 'stuck';
      const r = await apply('--wait', '--timeout', '1s');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "error FC5508 Deployment 'reader' did not finish rolling out within 1s (0 of 2 new replicas updated); raise --timeout",
      );
      expect(r.stdout).toMatch(/failed +Deployment +reader: rollout: 0 of 2 new replicas updated/);
    },
    T,
  );

  it(
    'a rollout past its progress deadline is FC5510 at once',
    async () => {
      fake.rollout = 'deadline';
      const started = Date.now();
      const r = await apply('--wait', '--timeout', '5m');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'error FC5510 Deployment \'reader\' failed to roll out: exceeded its progress deadline (ReplicaSet "reader-5d4f8b" has timed out progressing.)',
      );
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    T,
  );
});
