/**
 * Every object in every kubernetes golden is checked by Kubernetes' own OpenAPI schemas
 * (kubernetes-models) and by the API server's name rules, written here from the Kubernetes
 * documentation (not imported from the emitter), plus the cross-object references a cluster
 * would resolve: selectors, ConfigMap keys, claims, autoscaler targets.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { GOLDEN } from '../support/fixtures.js';
import { type Obj, parseStream } from './kubernetes-helpers.js';

const MODELS: Record<string, new (o: Obj) => { validate(): void }> = {
  Namespace,
  ConfigMap,
  PersistentVolumeClaim,
  Deployment,
  Service,
  HorizontalPodAutoscaler,
  NetworkPolicy,
};

// From kubernetes.io/docs/concepts/overview/working-with-objects/names and .../labels.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

function validKey(k: string): boolean {
  const i = k.lastIndexOf('/');
  if (i < 0) return LABEL_NAME.test(k);
  const prefix = k.slice(0, i);
  return (
    prefix.length <= 253 &&
    prefix.split('.').every((p) => DNS_LABEL.test(p)) &&
    LABEL_NAME.test(k.slice(i + 1))
  );
}

const cases = readdirSync(join(GOLDEN, 'kubernetes')).sort();

function load(c: string): { file: string; obj: Obj }[] {
  const dir = join(GOLDEN, 'kubernetes', c);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const docs = parseStream(readFileSync(join(dir, file), 'utf8'));
      expect(docs, `${c}/${file} holds one object`).toHaveLength(1);
      return { file, obj: docs[0] };
    });
}

function containers(o: Obj): Obj[] {
  return o.kind === 'Deployment' ? o.spec.template.spec.containers : [];
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

describe('kubernetes goldens validate', () => {
  it('covers the kubernetes fixtures', () => {
    expect(cases).toContain('valid-features');
    expect(cases.filter((c) => c.startsWith('k8s-')).length).toBeGreaterThanOrEqual(6);
  });

  it('kubernetes-models rejects a malformed object (the check can fail)', () => {
    const bad = {
      metadata: { name: 'x' },
      spec: { template: { spec: { containers: [{ name: 'x', env: [{ name: 'A', value: 1 }] }] } } },
    };
    expect(() => new Deployment(bad as Obj).validate()).toThrow();
  });

  for (const c of cases) {
    it(c, () => {
      const objs = load(c);
      // A case with errors is never written or applied: check each object, not references.
      const diagnostics = join(GOLDEN, 'kubernetes', c, 'diagnostics.txt');
      const complete = !existsSync(diagnostics) || !/ error FC/.test(readFileSync(diagnostics, 'utf8'));
      const deployments = objs.map((x) => x.obj).filter((o) => o.kind === 'Deployment');
      const byKind = (k: string) => objs.map((x) => x.obj).filter((o) => o.kind === k);
      for (const { file, obj } of objs) {
        const Model = MODELS[obj.kind];
        expect(Model, `${file}: unexpected kind ${obj.kind}`).toBeDefined();
        expect(() => new Model(obj).validate(), file).not.toThrow();
        expect(file).toBe(`${file.slice(0, 2)}-${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`);
        expect(obj.metadata.name, file).toMatch(DNS_LABEL);
        if (obj.metadata.namespace !== undefined) expect(obj.metadata.namespace).toMatch(DNS_LABEL);
        for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
          expect(validKey(k), `${file}: label key ${k}`).toBe(true);
          expect(v, `${file}: label ${k}`).toMatch(LABEL_VALUE);
        }
        for (const k of Object.keys(obj.metadata.annotations ?? {}))
          expect(validKey(k), `${file}: ${k}`).toBe(true);
        for (const ct of containers(obj))
          checkContainer(
            file,
            ct,
            objs.map((x) => x.obj),
          );
        if (obj.kind === 'Deployment') checkDeployment(file, obj, byKind('PersistentVolumeClaim'));
        if (obj.kind === 'ConfigMap') for (const k of Object.keys(obj.data)) expect(k).toMatch(CONFIGMAP_KEY);
        if (!complete) continue;
        if (obj.kind === 'Service') {
          expect(deployments.some((d) => matches(obj.spec.selector, d.spec.template.metadata.labels))).toBe(
            true,
          );
          for (const p of obj.spec.ports ?? []) expect(p.name, file).toMatch(IANA_SVC_NAME);
        }
        if (obj.kind === 'HorizontalPodAutoscaler')
          expect(deployments.map((d) => d.metadata.name)).toContain(obj.spec.scaleTargetRef.name);
        if (obj.kind === 'NetworkPolicy') {
          const selected = (sel: Obj) =>
            deployments.filter((d) => matches(sel.matchLabels, d.spec.template.metadata.labels));
          expect(selected(obj.spec.podSelector), file).toHaveLength(1);
          for (const rule of obj.spec.ingress)
            for (const from of rule.from ?? []) expect(selected(from.podSelector), file).toHaveLength(1);
        }
      }
    });
  }
});

function checkDeployment(file: string, d: Obj, claims: Obj[]): void {
  const pod = d.spec.template;
  expect(
    matches(d.spec.selector.matchLabels, pod.metadata.labels),
    `${file}: selector selects its pods`,
  ).toBe(true);
  expect(
    Object.keys(d.spec.selector.matchLabels).some((k) => k.includes('hash')),
    file,
  ).toBe(false);
  for (const [k, v] of Object.entries(pod.metadata.labels)) {
    expect(validKey(k)).toBe(true);
    expect(v).toMatch(LABEL_VALUE);
  }
  const volumes = (pod.spec.volumes ?? []).map((v: Obj) => v.name);
  expect(new Set(volumes).size, `${file}: pod volume names unique`).toBe(volumes.length);
  for (const v of pod.spec.volumes ?? []) {
    expect(v.name).toMatch(DNS_LABEL);
    if (v.persistentVolumeClaim)
      expect(
        claims.map((c) => c.metadata.name),
        file,
      ).toContain(v.persistentVolumeClaim.claimName);
    if (v.secret?.defaultMode !== undefined) expect(v.secret.defaultMode).toBeLessThanOrEqual(0o777);
  }
  for (const ct of pod.spec.containers)
    for (const m of ct.volumeMounts ?? []) expect(volumes, `${file}: mount ${m.name}`).toContain(m.name);
}

function checkContainer(file: string, ct: Obj, objects: Obj[]): void {
  expect(ct.name).toMatch(DNS_LABEL);
  const names = (ct.env ?? []).map((e: Obj) => e.name);
  expect(names, `${file}: env sorted by name`).toEqual([...names].sort());
  expect(new Set(names).size, `${file}: env names unique`).toBe(names.length);
  for (const e of ct.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef;
    if (!ref) continue;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name);
    expect(cm, `${file}: ConfigMap ${ref.name}`).toBeDefined();
    expect(typeof cm.data[ref.key], `${file}: key ${ref.key}`).toBe('string');
  }
  for (const p of ct.ports ?? []) {
    expect(p.name, file).toMatch(IANA_SVC_NAME);
    expect(p.containerPort).toBeGreaterThan(0);
  }
  for (const probe of [ct.readinessProbe, ct.livenessProbe].filter(Boolean)) {
    const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
    if (probe.exec) continue;
    expect(port, `${file}: probe port`).toBeGreaterThanOrEqual(1);
    expect(port).toBeLessThanOrEqual(65535);
    expect(probe.periodSeconds).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(probe.timeoutSeconds)).toBe(true);
  }
}
