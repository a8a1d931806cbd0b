import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { APPLYSET, applySetId, groupKind, parentObject } from '../../src/apply/kubernetes/applyset.js';
import { ApiError, classify, Unreachable } from '../../src/apply/kubernetes/client.js';
import type { Obj } from '../../src/apply/kubernetes/client.js';
import { changedFields, changeReason } from '../../src/apply/kubernetes/compare.js';
import { loadCluster } from '../../src/apply/kubernetes/kubeconfig.js';
import { rolloutState } from '../../src/apply/kubernetes/wait.js';
import { statusBody } from './k8s-fake.js';
import { serverSideApply } from './k8s-fake-ssa.js';
import { tempDir } from './support.js';

/** kubectl's id, computed by openssl instead of our code. */
function opensslId(name: string, namespace: string, kind: string, group: string): string {
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], {
    input: `${name}.${namespace}.${kind}.${group}`,
  });
  return `applyset-${digest.toString('base64').replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}-v1`;
}

describe('ApplySet', () => {
  it('ids are base64url(sha256(name.namespace.kind.group)) without padding, as kubectl computes them', () => {
    for (const [name, ns, kind, group] of [
      ['applyset-demo', 'demo', 'Secret', ''],
      ['applyset-a-much-longer-pipeline-name', 'team-7', 'Secret', ''],
      ['parent', 'default', 'ConfigMap', ''],
      ['set', 'x', 'ApplySet', 'example.com'],
    ])
      expect(applySetId(name, ns, kind, group)).toBe(opensslId(name, ns, kind, group));
    expect(applySetId('applyset-demo', 'demo', 'Secret', '')).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
  });

  it('group-kinds use the core kind alone and Kind.group otherwise, sorted and de-duplicated on the parent', () => {
    expect(groupKind('v1', 'Service')).toBe('Service');
    expect(groupKind('apps/v1', 'Deployment')).toBe('Deployment.apps');
    expect(groupKind('networking.k8s.io/v1', 'NetworkPolicy')).toBe('NetworkPolicy.networking.k8s.io');
    const parent = parentObject({
      pipeline: 'demo',
      namespace: 'ns',
      id: 'applyset-x-v1',
      kinds: ['Service', 'Deployment.apps', 'Secret', 'Service'],
      version: '1.2.3',
    });
    expect(parent.metadata.annotations).toEqual({
      [APPLYSET.tooling]: 'flowctl/v1.2.3',
      [APPLYSET.kinds]: 'Deployment.apps,Secret,Service',
      [APPLYSET.namespaces]: '',
    });
    expect(parent.metadata.labels?.[APPLYSET.id]).toBe('applyset-x-v1');
    expect(parent).not.toHaveProperty('data');
  });
});

describe('rollout state (kubectl rollout status rules)', () => {
  const dep = (generation: number, replicas: number | undefined, status: Record<string, unknown>): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', generation },
    spec: replicas === undefined ? {} : { replicas },
    status,
  });
  it.each([
    [
      dep(2, 3, { observedGeneration: 1, updatedReplicas: 3, availableReplicas: 3, replicas: 3 }),
      'waiting for the controller to observe the new spec',
    ],
    [dep(2, 3, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }), '1 of 3 new replicas updated'],
    [
      dep(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 4, availableReplicas: 3 }),
      '1 old replicas pending termination',
    ],
    [
      dep(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      '2 of 3 updated replicas available',
    ],
  ])('waits: %#', (d, message) => {
    expect(rolloutState(d)).toEqual({ state: 'waiting', message });
  });
  it('is done when every replica is updated and available, with or without spec.replicas (HPA)', () => {
    expect(
      rolloutState(
        dep(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      ),
    ).toEqual({ state: 'done' });
    expect(
      rolloutState(
        dep(1, undefined, { observedGeneration: 1, updatedReplicas: 2, replicas: 2, availableReplicas: 2 }),
      ),
    ).toEqual({ state: 'done' });
  });
  it('fails when the progress deadline passed', () => {
    const d = dep(1, 1, {
      observedGeneration: 1,
      conditions: [
        { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'too slow' },
      ],
    });
    expect(rolloutState(d)).toEqual({
      state: 'failed',
      message: 'exceeded its progress deadline (too slow)',
    });
  });
});

describe('changedFields', () => {
  const live: Obj = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'c',
      resourceVersion: '7',
      uid: 'u',
      managedFields: [{ manager: 'flowctl' }],
      labels: { a: '1' },
    },
    data: { x: '1', y: '2' },
    status: { anything: true },
  };
  it('ignores status and metadata the server maintains', () => {
    const after = structuredClone(live);
    after.metadata.resourceVersion = '8';
    after.metadata.managedFields = [];
    after.status = { other: 1 };
    expect(changedFields(live, after)).toEqual([]);
  });
  it('names every changed, added or removed field by path, sorted; lists compare whole', () => {
    const after = structuredClone(live) as Obj & { data: Record<string, string>; list?: unknown };
    after.data.x = 'changed';
    delete (after.data as Record<string, string>).y;
    after.metadata.labels = { a: '1', b: '2' };
    const withList = { ...live, spec: { ports: [1, 2] } };
    expect(changedFields(live, after)).toEqual(['data.x', 'data.y', 'metadata.labels.b']);
    expect(changedFields(withList, { ...withList, spec: { ports: [2, 1] } })).toEqual(['spec.ports']);
    expect(changeReason(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});

describe('classify (errors from @kubernetes/client-node)', () => {
  it('reads the conflicting fields and managers of a 409 from its causes, else from its message', () => {
    const conflict = statusBody(409, 'Conflict', 'Apply failed with 2 conflicts', {
      causes: [
        {
          type: 'FieldManagerConflict',
          message: 'conflict with "kubectl-edit" using apps/v1',
          field: '.spec.replicas',
        },
        {
          type: 'FieldManagerConflict',
          message: 'conflict with "helm" using apps/v1',
          field: '.metadata.labels.app',
        },
      ],
    });
    const e = classify(new k8s.ApiException(409, 'Unsuccessful HTTP Request', JSON.stringify(conflict), {}));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).conflicts).toEqual([
      { field: '.spec.replicas', manager: 'kubectl-edit' },
      { field: '.metadata.labels.app', manager: 'helm' },
    ]);
    const bare = statusBody(
      409,
      'Conflict',
      'Apply failed with 1 conflict: conflict with "kubectl" using v1: .data.key',
    );
    expect((classify(new k8s.ApiException(409, 'x', bare, {})) as ApiError).conflicts).toEqual([
      { field: '.data.key', manager: 'kubectl' },
    ]);
  });
  it('keeps the server message of other errors on one line, and maps network failures to Unreachable', () => {
    const e = classify(
      new k8s.ApiException(403, 'x', JSON.stringify(statusBody(403, 'Forbidden', 'no\nway')), {}),
    );
    expect(e).toMatchObject({ code: 403, reason: 'Forbidden', message: 'no; way' });
    expect(
      classify(new k8s.FetchError('request to http://x failed, reason: connect ECONNREFUSED', 'system')),
    ).toBeInstanceOf(Unreachable);
    const aborted = classify(new k8s.AbortError('The operation was aborted.'));
    expect(aborted).toBeInstanceOf(Unreachable);
    expect(aborted.message).toBe('no answer within 30s');
    expect(classify(new TypeError('a bug'))).toBeInstanceOf(TypeError);
  });
});

describe('kubeconfig', () => {
  const config = (server: string, contexts: Record<string, string | undefined>, current: string) => ({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server } }],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: Object.entries(contexts).map(([name, namespace]) => ({
      name,
      context: { cluster: 'c', user: 'u', ...(namespace ? { namespace } : {}) },
    })),
    'current-context': current,
  });
  const write = (dir: string, file: string, doc: unknown) => {
    writeFileSync(join(dir, file), JSON.stringify(doc));
    return join(dir, file);
  };

  it('reads KUBECONFIG (first file wins the current context), honours --context and the context namespace', () => {
    const dir = tempDir('flowctl-kubeconfig-');
    const a = write(dir, 'a', config('https://a.example:6443', { one: 'team-a' }, 'one'));
    const b = write(dir, 'b', config('https://b.example:6443', { two: undefined }, 'two'));
    const first = loadCluster(k8s, { KUBECONFIG: `${a}:${b}` }, undefined);
    expect(first).toMatchObject({ context: 'one', namespace: 'team-a', server: 'https://a.example:6443' });
    const chosen = loadCluster(k8s, { KUBECONFIG: `${a}:${b}` }, 'two');
    expect(chosen).toMatchObject({ context: 'two' });
    expect(chosen).not.toHaveProperty('namespace');
  });

  it('falls back to ~/.kube/config, and never to localhost:8080', () => {
    const home = tempDir('flowctl-home-');
    const none = loadCluster(k8s, { HOME: home }, undefined);
    expect(none).toMatchObject({ code: 'FC5501' });
    expect((none as { message: string }).message).toContain("cannot use the kubeconfig '~/.kube/config'");
    mkdirSync(join(home, '.kube'));
    write(join(home, '.kube'), 'config', config('https://home.example', { h: undefined }, 'h'));
    expect(loadCluster(k8s, { HOME: home }, undefined)).toMatchObject({
      context: 'h',
      server: 'https://home.example',
    });
  });

  it('names a missing file (FC5501) and an unknown context with the known ones (FC5502)', () => {
    const dir = tempDir('flowctl-kubeconfig-');
    expect(loadCluster(k8s, { KUBECONFIG: join(dir, 'nope') }, undefined)).toMatchObject({
      code: 'FC5501',
      message: expect.stringContaining('the file does not exist'),
    });
    const a = write(dir, 'a', config('https://a.example', { one: undefined, two: undefined }, 'one'));
    expect(loadCluster(k8s, { KUBECONFIG: a }, 'three')).toMatchObject({
      code: 'FC5502',
      message:
        "the kubeconfig has no context 'three' (it has 'one', 'two'); pass --context with one of them, or set current-context.",
    });
  });
});

describe('the fake API server applies as the real one does', () => {
  const cm = (data: Record<string, string>, labels: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', labels },
    data,
  });
  const applied = (r: ReturnType<typeof serverSideApply>) => {
    if ('conflicts' in r) throw new Error('conflict');
    return r;
  };
  it('removes fields the applier no longer sends, unless another manager owns them too', () => {
    const first = applied(serverSideApply(undefined, cm({ a: '1', b: '2' }), 'flowctl', 'v1', false));
    const other = applied(serverSideApply(first, cm({ b: '2' }), 'helm', 'v1', false));
    const second = applied(serverSideApply(other, cm({}, { x: 'y' }), 'flowctl', 'v1', false));
    expect(second.obj.data).toEqual({ b: '2' });
    expect((second.obj.metadata as { labels: object }).labels).toEqual({ x: 'y' });
  });
  it('a different value for a field another manager owns is a conflict naming both, unless forced', () => {
    const first = applied(serverSideApply(undefined, cm({ a: '1' }), 'kubectl', 'v1', false));
    expect(serverSideApply(first, cm({ a: '2' }), 'flowctl', 'v1', false)).toEqual({
      conflicts: [{ manager: 'kubectl', apiVersion: 'v1', field: '.data.a' }],
    });
    expect(applied(serverSideApply(first, cm({ a: '1' }), 'flowctl', 'v1', false)).obj.data).toEqual({
      a: '1',
    });
    const forced = applied(serverSideApply(first, cm({ a: '2' }), 'flowctl', 'v1', true));
    expect(forced.obj.data).toEqual({ a: '2' });
    expect([...(forced.managers.get('kubectl')?.leaves ?? [])]).not.toContain('["data","a"]');
    expect([...(forced.managers.get('flowctl')?.leaves ?? [])]).toContain('["data","a"]');
  });
});
