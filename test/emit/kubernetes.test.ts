import { describe, expect, it } from 'vitest';
import { kubernetesObjects } from '../../src/emit/targets/kubernetes.js';
import { yaml } from '../check/harness.js';
import { at0, component, container, find, pipeline, resolveEnv, translateK8s } from './kubernetes-helpers.js';

const twoComponents = (envA: string, envB: string) => yaml`
  apiVersion: flowctl/v1
  kind: Pipeline
  metadata: {name: demo}
  spec:
    sources:
      - id: src
        image: example/src:1
        ports: [{containerPort: 7000}]
        env: {${envA}}
    sinks:
      - id: sink
        image: example/sink:1
        inputs: [src]
        env: {${envB}}
`;

describe('kubernetes env (the Go flowctl wrote env in random map order)', () => {
  it('writes env sorted by name, whatever order the file uses', async () => {
    const a = await translateK8s(twoComponents('ZED: "1", ALPHA: "2", MIDDLE: "3"', 'B: x, A: y'));
    const b = await translateK8s(twoComponents('MIDDLE: "3", ZED: "1", ALPHA: "2"', 'A: y, B: x'));
    const names = container(a.objects, 'src').env.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['ALPHA', 'MIDDLE', 'ZED', 'FLOWCTL_PIPELINE']));
    expect(container(b.objects, 'src').env).toEqual(container(a.objects, 'src').env);
    expect(container(b.objects, 'sink').env).toEqual(container(a.objects, 'sink').env);
  });

  it('gives each component its wiring: identity, inputs by Service name and data port', async () => {
    const { objects } = await translateK8s(twoComponents('A: "1"', 'B: "2"'));
    const env = resolveEnv(container(objects, 'sink'), objects);
    expect(env.get('FLOWCTL_PIPELINE')).toBe('demo');
    expect(env.get('FLOWCTL_COMPONENT_ID')).toBe('sink');
    expect(env.get('FLOWCTL_INPUTS')).toBe('src:7000');
    expect(env.get('FLOWCTL_INPUT_IDS')).toBe('src');
    expect(resolveEnv(container(objects, 'src'), objects).get('FLOWCTL_PORT')).toBe('7000');
  });

  it('escapes $ so $(VAR) and $$ reach the process as written', async () => {
    const { objects } = await translateK8s(twoComponents(`A: "$(HOME) costs $$5 $"`, 'B: "1"'));
    const ct = container(objects, 'src');
    expect(ct.env.find((e: { name: string }) => e.name === 'A').value).toBe('$$(HOME) costs $$$$5 $$');
    expect(resolveEnv(ct, objects).get('A')).toBe('$(HOME) costs $$5 $');
  });

  it('reads config from a ConfigMap: values verbatim, FLOWCTL_CONFIG as canonical JSON', async () => {
    const { objects } = await translateK8s(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: demo}
      spec:
        sources:
          - id: src
            image: example/src:1
            env: {LEVEL: "from-env"}
            config: {zeta: "$(X) yes", alpha: 12, level: ignored, list: [1, "b"]}
    `);
    const cm = find(objects, 'ConfigMap', 'src-config');
    const env = resolveEnv(container(objects, 'src'), objects);
    expect(env.get('ZETA')).toBe('$(X) yes');
    expect(env.get('ALPHA')).toBe('12');
    expect(env.get('LIST')).toBe('[1,"b"]');
    expect(JSON.parse(env.get('FLOWCTL_CONFIG')!)).toEqual({
      zeta: '$(X) yes',
      alpha: 12,
      level: 'ignored',
      list: [1, 'b'],
    });
    expect(env.get('FLOWCTL_CONFIG')).toBe('{"alpha":12,"level":"ignored","list":[1,"b"],"zeta":"$(X) yes"}');
    // The user's env wins over a config key mapped to the same name, and is not in the ConfigMap.
    expect(env.get('LEVEL')).toBe('from-env');
    expect(Object.keys(cm.data).sort()).toEqual(['ALPHA', 'FLOWCTL_CONFIG', 'LIST', 'ZETA']);
  });
});

describe('kubernetes probes (the Go flowctl probed port 0)', () => {
  const probeOf = async (fields: string, ports = '[{containerPort: 7000}, {containerPort: 7001}]') => {
    const { objects, diagnostics } = await translateK8s(yaml`
      apiVersion: flowctl/v1
      kind: Pipeline
      metadata: {name: demo}
      spec:
        sources:
          - id: src
            image: example/src:1
            ports: ${ports}
            ${fields}
    `);
    const ct = container(objects, 'src');
    expect(ct.livenessProbe).toEqual(ct.readinessProbe);
    return { probe: ct.readinessProbe, diagnostics };
  };

  it('health_check path with health_port probes that port', async () => {
    const { probe } = await probeOf('health_check: /health\n            health_port: 8088');
    expect(probe.httpGet).toEqual({ path: '/health', port: 8088 });
  });

  it('a health path with one declared port probes that port', async () => {
    const { probe } = await probeOf('health_check: /ready', '[{containerPort: 9000}]');
    expect(probe.httpGet).toEqual({ path: '/ready', port: 9000 });
  });

  it('a URL names the port; tcp and command checks map to tcpSocket and exec', async () => {
    expect((await probeOf('health_check: http://localhost:7001/hz')).probe.httpGet).toEqual({
      path: '/hz',
      port: 7001,
    });
    expect((await probeOf('health: {tcp: 7000}')).probe.tcpSocket).toEqual({ port: 7000 });
    const { probe } = await probeOf(
      'health: {command: [check, "$(X)"], interval: 30s, timeout: 3s, retries: 4}',
    );
    expect(probe).toEqual({
      exec: { command: ['check', '$$(X)'] },
      periodSeconds: 30,
      timeoutSeconds: 3,
      failureThreshold: 4,
    });
  });

  it('never writes port 0 when no port is known (reports instead)', () => {
    const c = component('src', {
      health: {
        check: { kind: 'http', path: '/h', loc: { file: 't', path: [] } },
        intervalSeconds: 10,
        timeoutSeconds: 5,
        retries: 3,
      },
    });
    const r = kubernetesObjects(pipeline([c]));
    const d = r.objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    expect(d.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(r.diagnostics.map((x) => x.code)).toContain('FC4001');
  });

  it('rounds fractional seconds up and says so', async () => {
    const { probe, diagnostics } = await probeOf('health: {tcp: 7000, interval: 500ms, timeout: 2.5s}');
    expect(probe.periodSeconds).toBe(1);
    expect(probe.timeoutSeconds).toBe(3);
    expect(diagnostics.filter((d) => d.startsWith('FC4211'))).toHaveLength(2);
  });
});

describe('kubernetes replicas, resources and autoscaling', () => {
  const scaled = (extra: string) => yaml`
    apiVersion: flowctl/v1
    kind: Pipeline
    metadata: {name: demo}
    spec:
      sources:
        - id: src
          image: example/src:1
          ${extra}
  `;

  it('carries replicas and resources when there is no autoscaler', async () => {
    const { objects } = await translateK8s(
      scaled('replicas: 4\n          resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}'),
    );
    expect(find(objects, 'Deployment', 'src').spec.replicas).toBe(4);
    expect(container(objects, 'src').resources).toEqual({
      requests: { cpu: '100m' },
      limits: { memory: '1Gi' },
    });
    expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('adds an autoscaling/v2 HPA and leaves replicas to it', async () => {
    const { objects, diagnostics } = await translateK8s(
      scaled(
        'replicas: 3\n          autoscaling: {min_replicas: 2, max_replicas: 9, target_cpu_utilization: 65}\n          resources: {requests: {cpu: 200m}}',
      ),
    );
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'src');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'src' },
      minReplicas: 2,
      maxReplicas: 9,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } },
        },
      ],
    });
    expect(find(objects, 'Deployment', 'src').spec.replicas).toBeUndefined();
    expect(diagnostics.map((d) => d.slice(0, 6))).toEqual(['FC4207']);
  });

  it('refuses an autoscaler whose minimum exceeds its maximum', () => {
    const c = component('src', {
      autoscaling: { minReplicas: 5, maxReplicas: 2, targetCPUUtilization: 80, loc: at0 },
    });
    const r = kubernetesObjects(pipeline([c]));
    expect(r.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(['FC4002', 'error']);
  });

  it('refuses a ConfigMap over the 1 MiB Kubernetes allows', () => {
    const big = 'x'.repeat(600 * 1024);
    const c = component('src', { config: [{ key: 'blob', value: big, loc: at0 }] });
    // BLOB and FLOWCTL_CONFIG both hold it: about 1.2 MiB.
    const r = kubernetesObjects(pipeline([c]));
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FC4214', 'error']]);
    const small = kubernetesObjects(
      pipeline([component('src', { config: [{ key: 'blob', value: 'x'.repeat(400 * 1024), loc: at0 }] })]),
    );
    expect(small.diagnostics).toEqual([]);
  });

  it('warns when the autoscaler has no CPU request to measure against', async () => {
    const { diagnostics } = await translateK8s(scaled('autoscaling: {min_replicas: 1, max_replicas: 2}'));
    expect(diagnostics).toEqual([expect.stringMatching(/^FC4206 'src' autoscales/)]);
  });
});

describe('kubernetes names', () => {
  const long = 'a-processor-with-an-extremely-long-identifier-that-does-not-fit-in-one-label';
  const names = (objects: { metadata: { name: string } }[]) => objects.map((o) => o.metadata.name);

  it('shortens long ids to 63 characters with a stable hash suffix, distinct per id', () => {
    const p = pipeline([component(`${long}-one`), component(`${long}-two`)]);
    const first = names(kubernetesObjects(p).objects as never);
    expect(first.every((n) => n.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n))).toBe(true);
    expect(first.every((n) => /-[0-9a-f]{8}$/.test(n))).toBe(true);
    expect(new Set(first.filter((n, i) => first.indexOf(n) === i)).size).toBe(2);
    expect(names(kubernetesObjects(p).objects as never)).toEqual(first);
  });

  it('--prefix names every object and every reference to it', async () => {
    const { objects } = await translateK8s(
      yaml`
        apiVersion: flowctl/v1
        kind: Pipeline
        metadata: {name: demo}
        spec:
          sources:
            - {id: src, image: example/src:1, ports: [{containerPort: 80}], config: {a: 1}, volumes: [{name: data, mountPath: /d}]}
          sinks:
            - {id: sink, image: example/sink:1, inputs: [src], autoscaling: {max_replicas: 2}}
      `,
      { prefix: 'prod' },
    );
    expect(names(objects).every((n) => n.startsWith('prod-'))).toBe(true);
    const env = resolveEnv(container(objects, 'prod-sink'), objects);
    expect(env.get('FLOWCTL_INPUTS')).toBe('prod-src:80');
    expect(resolveEnv(container(objects, 'prod-src'), objects).get('A')).toBe('1');
    expect(find(objects, 'ConfigMap', 'prod-src-config').data.A).toBe('1');
    expect(find(objects, 'HorizontalPodAutoscaler', 'prod-sink').spec.scaleTargetRef.name).toBe('prod-sink');
    const pod = find(objects, 'Deployment', 'prod-src').spec.template.spec;
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe('prod-data');
    expect(find(objects, 'Deployment', 'prod-src').metadata.labels['app.kubernetes.io/instance']).toBe(
      'prod-demo',
    );
  });

  it('--image-registry prefixes images that name no registry host', () => {
    const p = pipeline([
      component('a', { image: { value: 'team/app:1', loc: { file: 't', path: [] } } }),
      component('b', { image: { value: 'localhost:5000/app:1', loc: { file: 't', path: [] } } }),
      component('c', { image: { value: 'ghcr.io/x/app:1', loc: { file: 't', path: [] } } }),
    ]);
    const images = kubernetesObjects(p, { imageRegistry: 'reg.example.com/' })
      .objects.filter((o) => o.kind === 'Deployment')
      .map(
        (o) =>
          (o as never as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template
            .spec.containers[0].image,
      );
    expect(images).toEqual(['reg.example.com/team/app:1', 'localhost:5000/app:1', 'ghcr.io/x/app:1']);
  });

  it('a namespace adds a Namespace object first and fully qualified input addresses', async () => {
    const text = twoComponents('A: "1"', 'B: "1"').replace('{name: demo}', '{name: demo, namespace: team-a}');
    const { objects } = await translateK8s(text);
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'team-a' } });
    expect(objects.slice(1).every((o) => o.metadata.namespace === 'team-a')).toBe(true);
    expect(resolveEnv(container(objects, 'sink'), objects).get('FLOWCTL_INPUTS')).toBe(
      'src.team-a.svc.cluster.local:7000',
    );
    const override = await translateK8s(text, { namespace: 'Bad_NS' });
    expect(override.diagnostics).toContainEqual(expect.stringMatching(/^FC4215 the namespace 'Bad_NS'/));
  });
});
