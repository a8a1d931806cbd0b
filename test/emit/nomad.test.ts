// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL, Nomad and Go-template text under test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowctlInProcess } from '../support/cli.js';
import { GOLDEN, listCases, ROOT } from '../support/fixtures.js';
import { filesUnder } from '../support/golden.js';
import { checkJobspec, parseHcl } from './nomad-jobspec.js';
import { component, emitNomad, LOC, parsedJob, pipeline } from './nomad-support.js';

describe('wiring and runtime', () => {
  it('wires inputs through Nomad service discovery, one instance per input, in input order', async () => {
    const src = component({
      id: 'src',
      ports: [{ name: 'grpc', containerPort: 5000, protocol: 'tcp', loc: LOC }],
    });
    const raw = component({ id: 'raw', command: { value: ['/bin/raw'], loc: LOC }, image: undefined });
    const sink = component({
      id: 'sink',
      role: 'sink',
      inputs: [
        { value: 'src', loc: LOC },
        { value: 'raw', loc: LOC },
      ],
    });
    const j = await parsedJob(emitNomad(pipeline([src, raw, sink]), { prefix: 'dev' }).text);
    const [t] = j.task('sink').template as { data: string; env: boolean; destination: string }[];
    expect(t.env).toBe(true);
    expect(t.data).toBe(
      'FLOWCTL_INPUTS={{ range nomadService 1 (env "NOMAD_ALLOC_ID") "dev-demo-src" }}{{ .Address }}:{{ .Port }}{{ end }},' +
        '{{ range nomadService 1 (env "NOMAD_ALLOC_ID") "dev-demo-raw" }}{{ .Address }}{{ end }}\n',
    );
    expect((j.task('sink').env as Record<string, string>).FLOWCTL_INPUT_IDS).toBe('src,raw');
    const service = (j.group('src').service as { name: string; provider: string; port: string }[])[0];
    expect(service).toMatchObject({ name: 'dev-demo-src', provider: 'nomad', port: 'grpc' });
    expect(j.task('raw').driver).toBe('exec');
    expect(j.config('raw')).toEqual({ command: '/bin/raw' });
  });

  it('keeps a user-set FLOWCTL_INPUTS literal instead of wiring it', async () => {
    const sink = component({
      id: 'sink',
      inputs: [{ value: 'src', loc: LOC }],
      env: [{ name: 'FLOWCTL_INPUTS', value: 'fixed:1', loc: LOC }],
    });
    const j = await parsedJob(emitNomad(pipeline([component({ id: 'src' }), sink])).text);
    expect((j.task('sink').env as Record<string, string>).FLOWCTL_INPUTS).toBe('fixed:1');
    expect(j.task('sink').template).toBeUndefined();
  });

  it('maps image + command to docker entrypoint and args, and the data port to a dynamic host port', async () => {
    const c = component({
      id: 'a',
      command: { value: ['/app', '--x'], loc: LOC },
      args: ['--y'],
      ports: [{ name: 'http', containerPort: 8080, hostPort: 18080, protocol: 'tcp', loc: LOC }],
    });
    const j = await parsedJob(emitNomad(pipeline([c]), { imageRegistry: 'reg.example.com' }).text);
    expect(j.config('a')).toEqual({
      image: 'reg.example.com/example/app:1',
      entrypoint: ['/app', '--x'],
      args: ['--y'],
      ports: ['http'],
    });
    const network = (j.group('a').network as { port: Record<string, object[]> }[])[0];
    expect(network.port.http[0]).toEqual({ static: 18080, to: 8080 });
  });

  it('reads secrets from the group variable, never carrying a value', async () => {
    const c = component({
      id: 'a',
      secrets: [
        {
          name: 'key',
          from: { file: './k' },
          mountPath: '/run/k',
          envName: 'K_FILE',
          mode: '0440',
          required: true,
          loc: LOC,
        },
        { name: 'tok', from: { env: 'TOK' }, envName: 'TOKEN', required: true, loc: LOC },
      ],
    });
    const { text } = emitNomad(pipeline([c]));
    const j = await parsedJob(text);
    const templates = j.task('a').template as {
      data: string;
      destination: string;
      perms: string;
      env?: boolean;
    }[];
    expect(templates.map((t) => [t.destination, t.perms, t.env ?? false])).toEqual([
      ['secrets/key', '0440', false],
      ['secrets/flowctl-secrets.env', '0400', true],
    ]);
    expect(templates[0].data).toBe('{{ with nomadVar "nomad/jobs/demo/a" }}{{ index . "key" }}{{ end }}');
    expect(templates[1].data).toBe(
      'TOKEN={{ with nomadVar "nomad/jobs/demo/a" }}{{ index . "tok" | toJSON }}{{ end }}\n',
    );
    expect((j.task('a').env as Record<string, string>).K_FILE).toBe('/run/k');
  });
});

describe('diagnostics: nothing is dropped silently', () => {
  it('reports what Nomad cannot express, naming field, component and target', () => {
    const c = component({
      id: 'a',
      dependsOn: [{ value: 'b', loc: LOC }],
      health: {
        check: { kind: 'command', command: ['/bin/ok'], loc: LOC },
        intervalSeconds: 5,
        timeoutSeconds: 1,
        retries: 3,
      },
      restart: { value: 'on-failure', loc: LOC },
      args: ['${NOMAD_TASK_NAME}'],
      volumes: [{ name: 'v', mountPath: '/v', hostPath: '$HOME/v', readOnly: false, loc: LOC }],
      labels: { 'flowctl.io/role': 'mine' },
    });
    const { diagnostics } = emitNomad(pipeline([c, component({ id: 'b' })]));
    const text = diagnostics.map((d) => `${d.code} ${d.message}`).join('\n');
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      'FC4001',
      'FC4001',
      'FC4001',
      'FC4301',
      'FC4303',
      'FC4305',
    ]);
    expect(text).toContain("'depends_on' of 'a' is not carried into nomad");
    expect(text).toContain("'health.command' of 'a' is not carried into nomad");
    expect(text).toContain("'restart_policy' of 'a' is not carried into nomad");
    expect(text).toContain("'args[0]' of 'a' contains '${NOMAD_TASK_NAME}'");
  });

  it('clamps the count into the autoscaling range, with a warning', async () => {
    const c = component({
      id: 'a',
      autoscaling: { minReplicas: 2, maxReplicas: 4, targetCPUUtilization: 50, loc: LOC },
    });
    const out = emitNomad(pipeline([c]));
    expect(out.codes).toEqual(['FC4001']);
    const j = await parsedJob(out.text);
    expect(j.group('a').count).toBe(2);
    expect((j.group('a').scaling as object[])[0]).toMatchObject({ enabled: true, min: 2, max: 4 });
  });

  it('runs a runtime-less registry component by its entry name, with a warning', async () => {
    const c = component({
      id: 'a',
      image: undefined,
      ref: { name: 'thing', loc: LOC },
      resolvedFrom: { name: 'thing', version: '1.0.0', registry: 'r.yaml' },
    });
    const out = emitNomad(pipeline([c]));
    expect(out.codes).toEqual(['FC4302']);
    expect((await parsedJob(out.text)).config('a')).toEqual({ command: 'thing' });
  });

  it('asks for a client host volume for exec tasks and reports mountPath of exec secrets', () => {
    const c = component({
      id: 'a',
      image: undefined,
      command: { value: ['/bin/a'], loc: LOC },
      volumes: [{ name: 'data', mountPath: '/data', hostPath: '/srv/data', readOnly: true, loc: LOC }],
      secrets: [{ name: 's', from: { file: 'f' }, mountPath: '/run/s', required: true, loc: LOC }],
    });
    const out = emitNomad(pipeline([c]));
    expect(out.codes).toEqual(['FC4001', 'FC4304']);
    expect(out.diagnostics[1].severity).toBe('info');
    expect(out.diagnostics[1].message).toContain('host_volume "data" { path = "/srv/data" }');
  });
});

describe('goldens: HashiCorp HCL parser and the jobspec structure check', () => {
  const files = filesUnder(join(GOLDEN, 'nomad')).filter((f) => f.endsWith('.nomad.hcl'));

  it('has a job for every compat fixture and every case that compiles', () => {
    const compat = listCases().filter((c) => c.name.startsWith('compat-'));
    expect(compat.length).toBeGreaterThanOrEqual(8);
    for (const c of compat)
      expect(
        files.some((f) => f.startsWith(`${c.name}/`)),
        c.name,
      ).toBe(true);
  });

  it.each(files)('%s parses and passes the structure check', async (f) => {
    const parsed = await parseHcl(f, readFileSync(join(GOLDEN, 'nomad', f), 'utf8'));
    expect(checkJobspec(parsed)).toEqual([]);
  });

  it('rejects jobspecs that break the documented structure', async () => {
    const base = readFileSync(join(GOLDEN, 'nomad', 'valid-features', 'features.nomad.hcl'), 'utf8');
    const broken = async (from: string, to: string) =>
      checkJobspec(
        await parseHcl(
          'x.hcl',
          base.replace(from, () => to),
        ),
      );
    expect(await broken('driver = "docker"', 'drivr = "docker"')).toEqual(
      expect.arrayContaining([
        expect.stringContaining("unknown key 'drivr'"),
        expect.stringContaining("missing required 'driver'"),
      ]),
    );
    expect(await broken('port     = "http"', 'port     = "nope"')).toEqual([
      'job "features".group "webhook": service port \'nope\' is not a network port',
    ]);
    expect(await broken('interval = "5s"', 'interval = "5 seconds"')).toHaveLength(1);
    expect(await broken('interval = "5s"', 'interval = "500ms"')).toEqual([
      expect.stringContaining('check interval below 1s'),
    ]);
    expect(await broken('mode     = "delay"', 'mode     = "sometimes"')).toHaveLength(1);
    expect(await broken('type     = "tcp"', 'type     = "script"')).toEqual([
      expect.stringContaining('the nomad service provider runs only http and tcp checks'),
    ]);
    expect(await broken('min     = 2', 'min     = 4')).toEqual([
      expect.stringContaining('count 3 is outside scaling 4..6'),
    ]);
    await expect(parseHcl('x.hcl', base.replace('"features"', '"features'))).rejects.toThrow();
  });
});

describe('templates/nomad', () => {
  it('hold no logic and print only pre-escaped values (triple-stash, never HTML-escaped)', () => {
    for (const name of ['job', 'group', 'task']) {
      const text = readFileSync(join(ROOT, 'templates', 'nomad', `${name}.hbs`), 'utf8');
      const tags = [...text.matchAll(/\{\{+[^}]*\}+/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(0);
      for (const t of tags)
        expect(t, `${name}.hbs`).toMatch(
          /^(\{\{\{[\w.]+\}\}\}|\{\{[#/](if|each|with)( [\w.]+)?\}\}|\{\{> \w+( \w+)?\}\})$/,
        );
    }
  });
});

describe('flowctl translate -o nomad', () => {
  it('prints the job, and writes <job>.nomad.hcl with --out-dir', async () => {
    const golden = readFileSync(join(GOLDEN, 'nomad', 'compat-minimal-v1', 'minimal.nomad.hcl'), 'utf8');
    const file = join(ROOT, 'fixtures', 'compat-minimal-v1', 'pipeline.yaml');
    const out = await flowctlInProcess(['translate', '-f', file, '-o', 'nomad']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toBe(golden);
    const dir = mkdtempSync(join(tmpdir(), 'flowctl-nomad-'));
    try {
      const w = await flowctlInProcess(['translate', '-f', file, '-o', 'nomad', '--out-dir', dir]);
      expect(w.code).toBe(0);
      expect(readFileSync(join(dir, 'minimal.nomad.hcl'), 'utf8')).toBe(golden);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes datacenters, region, namespace and prefix from flags', async () => {
    const file = join(ROOT, 'fixtures', 'compat-minimal-v1', 'pipeline.yaml');
    const args = [
      '--datacenter',
      'a',
      '--datacenter',
      'b',
      '--region',
      'r1',
      '--namespace',
      'ns',
      '--prefix',
      'dev',
    ];
    const out = await flowctlInProcess(['translate', '-f', file, '-o', 'nomad', ...args]);
    const j = await parsedJob(out.stdout);
    expect(j.name).toBe('dev-minimal');
    expect(j.job).toMatchObject({ datacenters: ['a', 'b'], region: 'r1', namespace: 'ns', type: 'service' });
  });

  it('fails under --strict when something is not carried', async () => {
    const file = join(ROOT, 'fixtures', 'valid-features', 'pipeline.yaml');
    const lax = await flowctlInProcess(['translate', '-f', file, '-o', 'nomad']);
    expect(lax.code).toBe(0);
    expect(lax.stderr).toContain('warning FC4001');
    const strict = await flowctlInProcess(['translate', '-f', file, '-o', 'nomad', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('error FC4001');
    expect(strict.stdout).toBe('');
  });
});
