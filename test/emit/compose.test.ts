import { describe, expect, it } from 'vitest';
import { cpus, memory } from '../../src/emit/compose/deploy.js';
import { dollars, hostPath, Interpolation } from '../../src/emit/compose/escape.js';
import { composeYaml } from '../../src/emit/compose/yaml.js';
import { projectName } from '../../src/emit/compose/project.js';
import { component, emitCompose, emitFromYaml, FILE, pipeline } from './compose-support.js';

const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);
const loc = { file: FILE, path: [] };

const TWO = `
apiVersion: flowctl/v1
kind: Pipeline
metadata: {name: two}
spec:
  sources:
    - id: src
      image: example/src:1
      args: [--verbose, "--price=$5"]
      config: {rpc_url: "http://rpc:8000", start: 100}
      ports:
        - {name: grpc, containerPort: 50052, hostPort: 15052}
        - {name: metrics, containerPort: 9100, protocol: udp}
      replicas: 1
      resources:
        requests: {cpu: 250m, memory: 128Mi}
        limits: {cpu: "1.5", memory: 1Gi}
      health: {http: /healthz, port: 50052, interval: 500ms, timeout: 2s, retries: 4}
      volumes:
        - {name: ledger-cache, mountPath: /cache}
      secrets:
        - {name: key, host_path: /etc/flow/key.json, container_path: /run/secrets/key.json, env: KEY_FILE, mode: "0440"}
  sinks:
    - id: sink
      image: example/sink:1
      inputs: [src]
      replicas: 3
      volumes:
        - {name: ledger-cache, mountPath: /data, readonly: true}
`;

describe('compose: what the Go flowctl dropped is carried', () => {
  it('carries args as command, after the image entrypoint', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.services.src.command).toEqual(['--verbose', '--price=$$5']);
    expect(doc.services.src.entrypoint).toBeUndefined();
  });

  it('carries config as environment variables and FLOWCTL_CONFIG', async () => {
    const env = (await emitFromYaml(TWO)).doc.services.src.environment;
    expect(env.RPC_URL).toBe('http://rpc:8000');
    expect(env.START).toBe('100');
    expect(JSON.parse(env.FLOWCTL_CONFIG)).toEqual({ rpc_url: 'http://rpc:8000', start: 100 });
  });

  it('carries secrets: declared from the host file, mounted with mode, path in env', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.secrets).toEqual({ key: { file: '/etc/flow/key.json' } });
    expect(doc.services.src.secrets).toEqual([
      { source: 'key', target: '/run/secrets/key.json', mode: 0o440 },
    ]);
    expect(doc.services.src.environment.KEY_FILE).toBe('/run/secrets/key.json');
  });

  it('carries resources as deploy.resources in Docker notation', async () => {
    const { doc, diagnostics } = await emitFromYaml(TWO);
    expect(doc.services.src.deploy.resources).toEqual({
      limits: { cpus: '1.5', memory: '1g' },
      reservations: { cpus: '0.25', memory: '128m' },
    });
    expect(codes(diagnostics)).toContain('FC4103'); // cpu reservations are not enforced by docker-compose
  });

  it('carries replicas as deploy.replicas', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.services.sink.deploy).toEqual({ replicas: 3 });
    expect(doc.services.src.deploy.replicas).toBe(1);
  });

  it('carries port protocols: published long syntax and exposed PORT/PROTOCOL', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.services.src.ports).toEqual([{ target: 50052, published: 15052, protocol: 'tcp' }]);
    expect(doc.services.src.expose).toEqual(['9100/udp']);
  });

  it('declares named volumes at the top level, once, named after the pipeline', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(Object.keys(doc.volumes)).toEqual(['ledger-cache']);
    expect(doc.volumes['ledger-cache'].name).toBe('two_ledger-cache');
    expect(doc.services.sink.volumes).toEqual([
      { type: 'volume', source: 'ledger-cache', target: '/data', read_only: true },
    ]);
  });
});

describe('compose: file shape', () => {
  it('has no version key, one project network every service joins, and ownership labels', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.version).toBeUndefined();
    expect(doc.networks).toEqual({
      pipeline: {
        name: 'two_pipeline',
        labels: { 'flowctl.io/pipeline': 'two', 'app.kubernetes.io/managed-by': 'flowctl' },
      },
    });
    for (const s of Object.values(doc.services) as { networks: string[] }[])
      expect(s.networks).toEqual(['pipeline']);
    const labels = doc.services.sink.labels;
    expect(labels['flowctl.io/component']).toBe('sink');
    expect(labels['flowctl.io/role']).toBe('sink');
    expect(labels['flowctl.io/config-hash']).toMatch(/^v1-[0-9a-f]{16}$/);
    expect(doc['x-flowctl'].project).toBe('two');
  });

  it('waits for healthy inputs and for started ones without a health check', async () => {
    const { doc } = await emitFromYaml(TWO);
    expect(doc.services.sink.depends_on).toEqual({ src: { condition: 'service_healthy' } });
    const p = pipeline([component('a'), component('b', { role: 'sink', inputs: [{ value: 'a', loc }] })]);
    expect(emitCompose(p).doc.services.b.depends_on).toEqual({ a: { condition: 'service_started' } });
  });

  it('wires inputs to service:dataPort', async () => {
    const env = (await emitFromYaml(TWO)).doc.services.sink.environment;
    expect(env.FLOWCTL_INPUTS).toBe('src:50052');
    expect(env.FLOWCTL_INPUT_IDS).toBe('src');
  });

  it('writes health checks: HTTP with wget, TCP with nc, a command as is', async () => {
    const { doc, diagnostics } = await emitFromYaml(TWO);
    expect(doc.services.src.healthcheck).toEqual({
      test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://localhost:50052/healthz'],
      interval: '500ms',
      timeout: '2s',
      retries: 4,
    });
    expect(diagnostics.filter((d) => d.code === 'FC4101').map((d) => d.severity)).toEqual(['info']);
    const health = (check: object) =>
      ({ check, intervalSeconds: 10, timeoutSeconds: 5, retries: 3 }) as never;
    const tcp = component('t', { health: health({ kind: 'tcp', port: 7000, loc }) });
    const cmd = component('c', { health: health({ kind: 'command', command: ['/bin/ok', '$x'], loc }) });
    const out = emitCompose(pipeline([tcp, cmd]));
    expect(out.doc.services.t.healthcheck.test).toEqual(['CMD', 'nc', '-z', 'localhost', '7000']);
    expect(out.doc.services.c.healthcheck.test).toEqual(['CMD', '/bin/ok', '$$x']);
    expect(codes(out.diagnostics)).toEqual(['FC4101']); // the command needs no extra tool
  });

  it('restarts as written, else as the Go flowctl did', () => {
    const p = pipeline([
      component('a'),
      component('b', { role: 'pipeline' }),
      component('c', { restart: { value: 'no', loc } }),
    ]);
    const s = emitCompose(p).doc.services;
    expect([s.a.restart, s.b.restart, s.c.restart]).toEqual(['unless-stopped', 'no', 'no']);
    expect(emitCompose(p).text).toContain('restart: "no"');
  });
});

describe('compose: --prefix and --image-registry', () => {
  const p = pipeline([
    component('a', {
      ports: [{ containerPort: 80, protocol: 'tcp', loc }],
      volumes: [{ name: 'v', mountPath: '/v', readOnly: false, loc }],
    }),
    component('b', { role: 'sink', inputs: [{ value: 'a', loc }], image: { value: 'ghcr.io/x/b:2', loc } }),
  ]);

  it('prefixes service names, addresses and the project, not component ids', () => {
    const { doc } = emitCompose(p, { prefix: 'dev' });
    expect(Object.keys(doc.services)).toEqual(['dev-a', 'dev-b']);
    expect(doc.services['dev-b'].depends_on).toEqual({ 'dev-a': { condition: 'service_started' } });
    expect(doc.services['dev-b'].environment.FLOWCTL_INPUTS).toBe('dev-a:80');
    expect(doc.services['dev-b'].environment.FLOWCTL_COMPONENT_ID).toBe('b');
    expect(doc['x-flowctl'].project).toBe('dev-p');
    expect(doc.networks.pipeline.name).toBe('dev-p_pipeline');
    expect(doc.volumes.v.name).toBe('dev-p_v');
  });

  it('refuses a prefix that cannot start a service name (FC4105) and writes nothing', () => {
    const r = emitCompose(p, { prefix: 'my team' });
    expect(codes(r.diagnostics)).toEqual(['FC4105']);
    expect(r.text).toBe('');
  });

  it('puts the image registry before images that name none', () => {
    const { doc } = emitCompose(p, { imageRegistry: 'registry.local:5000/' });
    expect(doc.services.a.image).toBe('registry.local:5000/a:1');
    expect(doc.services.b.image).toBe('ghcr.io/x/b:2');
  });
});

describe('compose: what it cannot carry is reported', () => {
  it('reports a component without an image (FC4002) and writes nothing', () => {
    const r = emitCompose(
      pipeline([component('a', { image: undefined, command: { value: ['/bin/a'], loc } })]),
    );
    expect(codes(r.diagnostics)).toEqual(['FC4002']);
    expect(r.diagnostics[0].severity).toBe('error');
    expect(r.text).toBe('');
  });

  it('reports autoscaling and runs the minimum replicas', () => {
    const c = component('a', {
      autoscaling: { minReplicas: 2, maxReplicas: 5, targetCPUUtilization: 80, loc },
    });
    const r = emitCompose(pipeline([c]));
    expect(r.doc.services.a.deploy.replicas).toBe(2);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FC4001', 'warning']]);
    expect(r.diagnostics[0].message).toMatch(/'autoscaling' of 'a' is not carried into compose/);
  });

  it('exposes instead of publishing a host port shared by replicas', () => {
    const c = component('a', {
      replicas: { value: 2, loc },
      ports: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp', loc }],
    });
    const r = emitCompose(pipeline([c]));
    expect(r.doc.services.a.ports).toBeUndefined();
    expect(r.doc.services.a.expose).toEqual(['80/tcp']);
    expect(r.diagnostics[0].message).toMatch(/'ports\[0\]\.hostPort' of 'a'/);
  });

  it('reports pipeline-wide config, which does not reach components', () => {
    const r = emitCompose(pipeline([component('a')], { config: [{ key: 'k', value: 'v', loc }] }));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^'spec.config' of 'p' is not carried/),
    ]);
  });

  it('never writes reserved labels, and says so', () => {
    const c = component('a', {
      labels: { 'com.docker.compose.project': 'x', 'flowctl.io/role': 'fake', ok: 'yes' },
    });
    const r = emitCompose(pipeline([c], { labels: { 'com.docker.stack': 'y' } }));
    expect(r.text).not.toMatch(/com\.docker/);
    expect(r.doc.services.a.labels['flowctl.io/role']).toBe('source');
    expect(r.doc.services.a.labels.ok).toBe('yes');
    expect(codes(r.diagnostics)).toEqual(['FC4001', 'FC4001', 'FC4001']);
  });

  it("drops an environment name with '=' (FC4001)", () => {
    const r = emitCompose(pipeline([component('a', { env: [{ name: 'A=B', value: 'c', loc }] })]));
    expect(r.doc.services.a.environment['A=B']).toBeUndefined();
    expect(codes(r.diagnostics)).toEqual(['FC4001']);
  });
});

describe('compose: secrets', () => {
  const secret = (over: object) => ({ name: 's', from: {}, required: true, loc, ...over });

  it('passes a secret from the environment by reference; its value never appears', () => {
    process.env.FLOWCTL_TEST_CANARY = 'canary-value-2f9';
    const c = component('a', {
      secrets: [
        secret({ name: 'tok', from: { env: 'FLOWCTL_TEST_CANARY' }, envName: 'TOKEN' }),
        secret({ name: 'opt', from: { env: 'OPTIONAL' }, envName: 'OPT', required: false }),
      ],
    });
    const r = emitCompose(pipeline([c]));
    expect(r.text).not.toContain('canary-value-2f9');
    expect(r.doc.services.a.environment.TOKEN).toBe(
      '\u0024{FLOWCTL_TEST_CANARY:?secret tok needs FLOWCTL_TEST_CANARY}',
    );
    expect(r.doc.services.a.environment.OPT).toBe('\u0024{OPTIONAL:-}');
    expect(r.diagnostics).toEqual([]);
  });

  it('reports a secret from the environment that should be mounted as a file', () => {
    const c = component('a', { secrets: [secret({ from: { env: 'S' }, mountPath: '/run/s' })] });
    const r = emitCompose(pipeline([c]));
    expect(r.diagnostics[0].message).toMatch(/'secrets\[0\]\.mountPath' of 'a' is not carried/);
  });

  it('keeps two secrets of one name but different files apart', () => {
    const a = component('a', { secrets: [secret({ from: { file: '/x' } })] });
    const b = component('b', { secrets: [secret({ from: { file: '/y' } })] });
    const { doc } = emitCompose(pipeline([a, b]));
    const keys = Object.keys(doc.secrets);
    expect(keys).toHaveLength(2);
    expect(doc.secrets[doc.services.b.secrets[0].source].file).toBe('/y');
    expect(doc.secrets[doc.services.a.secrets[0].source].file).toBe('/x');
  });
});

describe('compose: host paths', () => {
  const bind = (hostPath: string) =>
    emitCompose(
      pipeline([
        component('a', { volumes: [{ name: 'h', mountPath: '/m', hostPath, readOnly: false, loc }] }),
      ]),
    );

  it('turns $NAME and \u0024{NAME} into deployer-side interpolation, and says so (FC4102)', () => {
    const r = bind('$HOME/x/\u0024{PWD}/$5/a$');
    expect(r.doc.services.a.volumes[0].source).toBe('\u0024{HOME}/x/\u0024{PWD}/$$5/a$$');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['FC4102', 'info']]);
  });

  it('notes relative host paths (FC4104) and carries them as written', () => {
    const r = bind('./data');
    expect(r.doc.services.a.volumes[0]).toEqual({ type: 'bind', source: './data', target: '/m' });
    expect(codes(r.diagnostics)).toEqual(['FC4104']);
  });
});

describe('compose: helpers', () => {
  it('escapes every $ with a replacer, not a replacement pattern', () => {
    expect(dollars('a$b')).toBe('a$$b');
    expect(dollars('$$')).toBe('$$$$');
    expect(dollars("$&$1$'")).toBe("$$&$$1$$'");
  });

  it('escapes values but not keys, and leaves deliberate interpolation alone', () => {
    const text = composeYaml({ k$: ['$x', new Interpolation('\u0024{H}')], num: 1, u: undefined, e: {} });
    expect(text).toBe('e: {}\nk$:\n  - $$x\n  - "\u0024{H}"\nnum: 1\n');
    expect(hostPath('$A/\u0024{B}').names).toEqual(['A', 'B']);
  });

  it.each([
    ['Edge Cases!', undefined, 'edge-cases'],
    ['__x', undefined, 'x'],
    ['p', 'Team.A', 'team-a-p'],
    ['!!!', undefined, 'flowctl'],
  ])('names the project of %s (prefix %s) %s', (name, prefix, out) => {
    expect(projectName(pipeline([], { name }), prefix)).toBe(out);
    expect(out).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it.each([
    ['250m', '0.25'],
    ['1500m', '1.5'],
    ['1m', '0.001'],
    ['.5', '0.5'],
    ['2', '2'],
    ['2.50', '2.5'],
  ])('converts cpu %s to %s cores', (q, out) => {
    expect(cpus(q)).toBe(out);
  });

  it.each([
    ['128Mi', '128m'],
    ['1Gi', '1g'],
    ['1536Ki', '1536k'],
    ['1G', '1000000000'],
    ['100M', '100000000'],
    ['1.5Gi', '1536m'],
  ])('converts memory %s to %s', (q, out) => {
    expect(memory(q)).toBe(out);
  });
});
