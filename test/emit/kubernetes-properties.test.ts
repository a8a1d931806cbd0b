/**
 * Property tests: any string in env, config, command, args and labels comes back exactly
 * after a YAML 1.1 reader (kubectl's) and Kubernetes' own `$(VAR)` expansion; output is
 * byte-identical across runs and independent of the order components and env are written in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Component, JsonValue } from '../../src/ir.js';
import { kubernetesObjects, kubernetesTarget } from '../../src/emit/targets/kubernetes.js';
import {
  at0,
  component,
  container,
  emitParsed,
  expandList,
  k8sExpand,
  type Obj,
  pipeline,
  resolveEnv,
} from './kubernetes-helpers.js';

// biome-ignore format: a table of values
const TRICKY = [
  'yes', 'no', 'NO', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0777', '007', '0o17',
  '0x1F', '1e3', '1E3', '+1', '.5', '1_000', '12:30', '2001-12-14', '.inf', '-.Inf', '.nan', '=', '<<',
  '-', '- x', '? x', ': x', '#x', 'a #b', '', ' ', ' lead', 'trail ', '$', '$$', '$$$', '$(A)', '$$(A)',
  '$(', '$()', '$' + '{A}', '$(FLOWCTL_PIPELINE)', 'a\nb', 'a\n', '\n', '\n\n', 'x\r\ny', '\t', '"', "'",
  '\\', '{a: 1}', '[1]', '&a', '*a', '!tag', '%', '@', '`', '|', '>', ' \n', 'a\n \nb', '\n  \n',
];
const PIECES = ['$', '(', ')', 'A', 'x', '\n', ' ', ':', '#', '0', '7', '"', "'", '\\', '-', 'é', '😀'];

/** Strings a user can write: YAML 1.1 look-alikes, expansion syntax, any graphemes (no NUL). */
const tricky = fc
  .oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ unit: 'grapheme', maxLength: 16 }),
    fc.array(fc.constantFrom(...PIECES, ...TRICKY), { maxLength: 8 }).map((a) => a.join('')),
  )
  .filter((s) => !s.includes('\u0000'));

const labelValue = fc.oneof(
  fc.constantFrom('yes', 'NO', 'on', 'null', 'true', '0777', '007', '1e3', '12', '1.5', '0x10', 'y', ''),
  fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?$/),
);

const json: fc.Arbitrary<JsonValue> = fc.oneof(
  tricky,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(tricky, { maxLength: 3 }),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tricky, { maxKeys: 3 }),
);

const userComponent = fc.record({
  env: fc.uniqueArray(fc.tuple(fc.stringMatching(/^U_[A-Z0-9_]{0,6}$/), tricky), {
    selector: (t) => t[0],
    maxLength: 6,
  }),
  config: fc.uniqueArray(fc.tuple(fc.stringMatching(/^c_[a-z0-9_]{0,6}$/), json), {
    selector: (t) => t[0],
    maxLength: 4,
  }),
  command: fc.option(fc.array(tricky, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  args: fc.array(tricky, { maxLength: 5 }),
  labels: fc.dictionary(fc.stringMatching(/^l[a-z0-9]{0,6}$/), labelValue, { maxKeys: 4 }),
  health: fc.option(fc.array(tricky, { minLength: 1, maxLength: 3 }), { nil: undefined }),
});

type UserComponent = typeof userComponent extends fc.Arbitrary<infer T> ? T : never;

function build(u: UserComponent): Component {
  return component('src', {
    env: u.env.map(([name, value]) => ({ name, value, loc: at0 })),
    config: u.config.map(([key, value]) => ({ key, value, loc: at0 })),
    ...(u.command ? { command: { value: u.command, loc: at0 } } : {}),
    args: u.args,
    labels: u.labels,
    ports: [{ containerPort: 7000, protocol: 'tcp', loc: at0 }],
    ...(u.health
      ? {
          health: {
            check: { kind: 'command', command: u.health, loc: at0 },
            intervalSeconds: 10,
            timeoutSeconds: 5,
            retries: 3,
          },
        }
      : {}),
  } as Partial<Component>);
}

describe('kubernetes escaping round-trip (property)', () => {
  for (const version of ['1.1', '1.2'] as const) {
    it(`every string survives a YAML ${version} reader and $(VAR) expansion`, () => {
      fc.assert(
        fc.property(userComponent, (u) => {
          const c = build(u);
          const { objects } = emitParsed(pipeline([c]), {}, version);
          const ct = container(objects, 'src');
          const env = resolveEnv(ct, objects);
          for (const [name, value] of u.env) expect(env.get(name)).toBe(value);
          const config = Object.fromEntries(u.config);
          if (u.config.length > 0) expect(JSON.parse(env.get('FLOWCTL_CONFIG')!)).toEqual(config);
          for (const [key, value] of u.config)
            if (typeof value === 'string') expect(env.get(key.toUpperCase())).toBe(value);
          expect(expandList(ct.command, env)).toEqual(u.command);
          expect(expandList(ct.args, env) ?? []).toEqual(u.args);
          if (u.health) expect(expandList(ct.readinessProbe.exec.command, env)).toEqual(u.health);
          const podLabels = objects.find((o) => o.kind === 'Deployment').spec.template.metadata.labels;
          for (const [k, v] of Object.entries(u.labels)) expect(podLabels[k]).toBe(v);
        }),
        { numRuns: 150 },
      );
    }, 120_000);
  }

  it('the expansion model agrees with the Kubernetes expand_test cases', () => {
    const vars: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', VAR_EMPTY: '' };
    const lookup = (n: string) => vars[n];
    expect(k8sExpand('$(VAR_A)', lookup)).toBe('A');
    expect(k8sExpand('___$(VAR_B)___', lookup)).toBe('___B___');
    expect(k8sExpand('$(VAR_A)-$(VAR_A)', lookup)).toBe('A-A');
    expect(k8sExpand('$$(VAR_A)', lookup)).toBe('$(VAR_A)');
    expect(k8sExpand('$$$(VAR_A)', lookup)).toBe('$A');
    expect(k8sExpand('$(VAR_DNE)', lookup)).toBe('$(VAR_DNE)');
    expect(k8sExpand('$(VAR_EMPTY)', lookup)).toBe('');
    expect(k8sExpand('$(VAR_A', lookup)).toBe('$(VAR_A');
    expect(k8sExpand('$VAR_A', lookup)).toBe('$VAR_A');
    expect(k8sExpand('$$', lookup)).toBe('$');
    expect(k8sExpand('$', lookup)).toBe('$');
    expect(k8sExpand('$$$$', lookup)).toBe('$$');
  });
});

const ids = fc.uniqueArray(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('--')),
  { minLength: 1, maxLength: 6 },
);

/** A random DAG: each component may read from earlier ones; some have ports, env, config, volumes. */
const dagPipeline = ids.chain((names) =>
  fc
    .tuple(
      ...names.map((_, i) =>
        fc.record({
          inputs: fc.subarray(names.slice(0, i)),
          port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          env: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Z]{1,4}$/), tricky), {
            selector: (t) => t[0],
            maxLength: 4,
          }),
          config: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), json), {
            selector: (t) => t[0],
            maxLength: 2,
          }),
          volume: fc.option(fc.constantFrom('data', 'cache'), { nil: undefined }),
          autoscale: fc.boolean(),
        }),
      ),
    )
    .map((specs) =>
      specs.map((s, i) =>
        component(names[i], {
          role: i === 0 ? 'source' : 'processor',
          inputs: s.inputs.map((value) => ({ value, loc: at0 })),
          ports: s.port ? [{ containerPort: s.port, protocol: 'tcp', loc: at0 }] : [],
          env: s.env.map(([name, value]) => ({ name, value, loc: at0 })),
          config: s.config.map(([key, value]) => ({ key, value, loc: at0 })),
          volumes: s.volume ? [{ name: s.volume, mountPath: '/v', readOnly: false, loc: at0 }] : [],
          ...(s.autoscale
            ? { autoscaling: { minReplicas: 1, maxReplicas: 3, targetCPUUtilization: 80, loc: at0 } }
            : {}),
        }),
      ),
    ),
);

describe('kubernetes determinism (property)', () => {
  it('the same pipeline gives byte-identical files, in any component order', () => {
    fc.assert(
      fc.property(dagPipeline, fc.nat(), (components, seed) => {
        const p = pipeline(components, { namespace: 'ns' });
        const first = kubernetesTarget.emit(p, { prefix: 'x' });
        const again = kubernetesTarget.emit(p, { prefix: 'x' });
        expect([...again.files]).toEqual([...first.files]);
        const rotated = components.map((_, i) => components[(i + seed) % components.length]);
        expect([
          ...kubernetesTarget.emit(pipeline(rotated, { namespace: 'ns' }), { prefix: 'x' }).files,
        ]).toEqual([...first.files]);
        expect(kubernetesTarget.toStdout(again.files)).toBe(kubernetesTarget.toStdout(first.files));
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('env comes out sorted and identical whatever order it is written in', () => {
    const envOf = (objects: readonly { kind: string; metadata: { name: string } }[], id: string) =>
      (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === id) as Obj).spec.template.spec
        .containers[0].env ?? [];
    fc.assert(
      fc.property(dagPipeline, (components) => {
        const reversed = components.map((c) => ({
          ...c,
          env: [...c.env].reverse(),
          config: [...c.config].reverse(),
        }));
        const a = kubernetesObjects(pipeline(components)).objects;
        const b = kubernetesObjects(pipeline(reversed)).objects;
        for (const c of components) {
          const envA = envOf(a, c.id);
          expect(envOf(b, c.id)).toEqual(envA);
          const names = envA.map((e: { name: string }) => e.name);
          expect(names).toEqual([...names].sort());
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
