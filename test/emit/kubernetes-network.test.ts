import { describe, expect, it } from 'vitest';
import { kubernetesObjects } from '../../src/emit/targets/kubernetes.js';
import { yaml } from '../check/harness.js';
import { container, find, type Obj, resolveEnv, translateK8s } from './kubernetes-helpers.js';

const dag = yaml`
  apiVersion: flowctl/v1
  kind: Pipeline
  metadata: {name: dag}
  spec:
    sources:
      - id: a
        image: example/a:1
        ports: [{containerPort: 7000}, {name: web, containerPort: 8080, hostPort: 18080}]
    processors:
      - {id: b, image: example/b:1, inputs: [a], ports: [{containerPort: 7100, protocol: udp}]}
      - {id: c, image: example/c:1, inputs: [a]}
    sinks:
      - {id: d, image: example/d:1, inputs: [b, c]}
`;

/** Which component names a policy admits, keyed by rule. */
const admitted = (policy: Obj) =>
  policy.spec.ingress.map((r: Obj) => ({
    from: (r.from ?? []).map((f: Obj) => f.podSelector.matchLabels['app.kubernetes.io/name']),
    ports: (r.ports ?? []).map((p: Obj) => `${p.port}/${p.protocol}`),
  }));

describe('kubernetes NetworkPolicies from the DAG', () => {
  it('admits only the components that read from each component, on its ports', async () => {
    const { objects } = await translateK8s(dag);
    expect(admitted(find(objects, 'NetworkPolicy', 'b'))).toEqual([{ from: ['d'], ports: ['7100/UDP'] }]);
    // c declares no ports: its readers may use any port.
    expect(admitted(find(objects, 'NetworkPolicy', 'c'))).toEqual([{ from: ['d'], ports: [] }]);
    // a publishes 8080 on the node (hostPort): that port is open to everyone.
    expect(admitted(find(objects, 'NetworkPolicy', 'a'))).toEqual([
      { from: ['b', 'c'], ports: ['7000/TCP', '8080/TCP'] },
      { from: [], ports: ['8080/TCP'] },
    ]);
  });

  it('denies all ingress to a component nobody reads from', async () => {
    const { objects } = await translateK8s(dag);
    const d = find(objects, 'NetworkPolicy', 'd');
    expect(d.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'dag', 'app.kubernetes.io/name': 'd' } },
      policyTypes: ['Ingress'],
      ingress: [],
    });
  });

  it('selects pods by the stable selector labels of each Deployment', async () => {
    const { objects } = await translateK8s(dag);
    for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
      const dep = find(objects, 'Deployment', np.metadata.name);
      expect(np.spec.podSelector.matchLabels).toEqual(dep.spec.selector.matchLabels);
    }
  });
});

describe('kubernetes Services', () => {
  it('a ClusterIP Service over the ports, a headless one for a read component without ports, none otherwise', async () => {
    const { objects } = await translateK8s(dag);
    expect(find(objects, 'Service', 'a').spec).toMatchObject({
      type: 'ClusterIP',
      ports: [
        { name: 'tcp-7000', port: 7000, targetPort: 7000, protocol: 'TCP' },
        { name: 'web', port: 8080, targetPort: 8080, protocol: 'TCP' },
      ],
    });
    expect(find(objects, 'Service', 'c').spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/instance': 'dag', 'app.kubernetes.io/name': 'c' },
    });
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'd')).toBe(false);
    expect(resolveEnv(container(objects, 'd'), objects).get('FLOWCTL_INPUTS')).toBe('b:7100,c');
    expect(container(objects, 'a').ports[1]).toEqual({
      name: 'web',
      containerPort: 8080,
      hostPort: 18080,
      protocol: 'TCP',
    });
  });
});

const storage = (volumes: string, extra = '') => yaml`
  apiVersion: flowctl/v1
  kind: Pipeline
  metadata: {name: st}
  spec:
    sources:
      - id: src
        image: example/src:1
        volumes: ${volumes}
        ${extra}
`;

describe('kubernetes volumes', () => {
  it('a named volume becomes a 1Gi ReadWriteOnce claim, mounted with Recreate rollouts', async () => {
    const { objects, diagnostics } = await translateK8s(
      storage('[{name: cache, mountPath: /c, readonly: true}]'),
    );
    expect(find(objects, 'PersistentVolumeClaim', 'cache').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    const dep = find(objects, 'Deployment', 'src');
    expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
    expect(dep.spec.template.spec.volumes).toEqual([
      { name: 'cache', persistentVolumeClaim: { claimName: 'cache', readOnly: true } },
    ]);
    expect(container(objects, 'src').volumeMounts).toEqual([
      { name: 'cache', mountPath: '/c', readOnly: true },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('warns when more than one pod may mount the same claim', async () => {
    const { diagnostics } = await translateK8s(storage('[{name: cache, mountPath: /c}]', 'replicas: 2'));
    expect(diagnostics).toEqual([expect.stringMatching(/^FC4205 .*'cache'.*\('src'\)/)]);
  });

  it('host paths become hostPath volumes with a warning; relative and .. paths are reported', async () => {
    const r = await translateK8s(
      storage(
        '[{name: a, host_path: /srv/a, mountPath: /a}, {name: b, host_path: ./b, mountPath: /b}, {name: c, host_path: /x/../c, mountPath: /c}]',
      ),
    );
    expect(r.diagnostics.map((d) => d.slice(0, 6))).toEqual(['FC4202', 'FC4203', 'FC4204']);
    expect(r.raw.find((d) => d.code === 'FC4204')?.severity).toBe('error');
    expect(find(r.objects, 'Deployment', 'src').spec.template.spec.volumes).toEqual([
      { name: 'a', hostPath: { path: '/srv/a' } },
      { name: 'b', hostPath: { path: './b' } },
    ]);
    expect(find(r.objects, 'Deployment', 'src').spec.strategy).toBeUndefined();
  });
});

describe('kubernetes secrets', () => {
  const text = yaml`
    apiVersion: flowctl/v1
    kind: Pipeline
    metadata: {name: sec}
    spec:
      sources:
        - id: src
          image: example/src:1
          secrets:
            - {name: db-pass, from_env: DB_PASS, env: DB_PASSWORD}
            - {name: tls, file: /etc/tls.pem, container_path: /certs/tls.pem, env: TLS_FILE, mode: "0440", required: false}
            - {name: token, file: /etc/token}
  `;

  it('references Secrets by name and key, never by value', async () => {
    process.env.DB_PASS = 'canary-value-4242';
    try {
      const { objects, stdout } = await translateK8s(text);
      const env = container(objects, 'src').env;
      expect(env.find((e: Obj) => e.name === 'DB_PASSWORD')).toEqual({
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'db-pass', key: 'value' } },
      });
      expect(env.find((e: Obj) => e.name === 'TLS_FILE')).toEqual({
        name: 'TLS_FILE',
        value: '/certs/tls.pem',
      });
      expect(stdout).not.toContain('canary-value-4242');
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    } finally {
      delete process.env.DB_PASS;
    }
  });

  it('mounts file secrets as one file of a Secret volume, with the mode; default path /run/secrets/<name>', async () => {
    const { objects } = await translateK8s(text);
    const pod = find(objects, 'Deployment', 'src').spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'secret-tls', secret: { secretName: 'tls', defaultMode: 0o440, optional: true } },
      { name: 'secret-token', secret: { secretName: 'token' } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'secret-tls', mountPath: '/certs/tls.pem', subPath: 'value', readOnly: true },
      { name: 'secret-token', mountPath: '/run/secrets/token', subPath: 'value', readOnly: true },
    ]);
  });

  it('lists the Secrets apply must create, with their sources', async () => {
    const { pipeline } = await translateK8s(text);
    const refs = kubernetesObjects(pipeline, { prefix: 'p' }).secrets.map(({ name, key, secret, from }) => ({
      name,
      key,
      secret,
      from,
    }));
    expect(refs).toEqual([
      { name: 'p-db-pass', key: 'value', secret: 'db-pass', from: { env: 'DB_PASS' } },
      { name: 'p-tls', key: 'value', secret: 'tls', from: { file: '/etc/tls.pem' } },
      { name: 'p-token', key: 'value', secret: 'token', from: { file: '/etc/token' } },
    ]);
  });
});

describe('kubernetes labels and collisions', () => {
  it('writes recommended and ownership labels; user labels that Kubernetes rejects are reported', async () => {
    const { objects, diagnostics } = await translateK8s(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: lab, labels: {team: data, "no spaces": x}}
      spec:
        sources:
          - {id: src, image: example/src:1, labels: {tier: "1e3", app.kubernetes.io/name: other, bad: "a b"}}
    `);
    const labels = find(objects, 'Deployment', 'src').spec.template.metadata.labels;
    expect(labels).toMatchObject({
      'app.kubernetes.io/name': 'src',
      'app.kubernetes.io/instance': 'lab',
      'app.kubernetes.io/component': 'source',
      'app.kubernetes.io/part-of': 'lab',
      'app.kubernetes.io/managed-by': 'flowctl',
      'flowctl.io/pipeline': 'lab',
      'flowctl.io/component': 'src',
      team: 'data',
      tier: '1e3',
    });
    expect(labels['flowctl.io/config-hash']).toMatch(/^v1-[0-9a-f]{16}$/);
    expect(labels.bad).toBeUndefined();
    expect(diagnostics.map((d) => d.slice(0, 6)).sort()).toEqual(['FC4208', 'FC4208', 'FC4209']);
  });

  it('reports two things that map to one name, with both locations', async () => {
    const r = await translateK8s(storage('[{name: Data, mountPath: /a}, {name: data, mountPath: /b}]'));
    const collision = r.raw.find((d) => d.code === 'FC4201' && d.message.includes('PersistentVolumeClaim'));
    expect(collision?.severity).toBe('error');
    expect(collision?.loc?.path).toEqual(['spec', 'sources', 0, 'volumes', 1]);
    expect(collision?.related?.[0].loc.path).toEqual(['spec', 'sources', 0, 'volumes', 0]);
  });
});
