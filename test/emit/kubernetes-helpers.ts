/**
 * Test helpers for the kubernetes emitter: IR builders for property tests, the Kubernetes
 * `$(VAR)` expansion (written from kubernetes third_party/forked/golang/expansion/expand.go,
 * not from our emitter), and a reader that resolves a container's environment the way the
 * kubelet does.
 */
import { parseAllDocuments } from 'yaml';
import type { Component, Pipeline } from '../../src/ir.js';
import { kubernetesTarget } from '../../src/emit/targets/kubernetes.js';
import type { EmitOptions } from '../../src/emit/types.js';
import { compileText } from '../check/harness.js';

const loc = { file: 'test.yaml', path: [] };

/** A component with every list empty; override what the test needs. */
export function component(id: string, over: Partial<Component> = {}): Component {
  return {
    id,
    loc: { file: 'test.yaml', path: ['spec', 'sources', 0] },
    role: 'source',
    image: { value: `example/${id.toLowerCase()}:1.0`, loc },
    args: [],
    env: [],
    config: [],
    inputs: [],
    dependsOn: [],
    consumes: [],
    produces: [],
    ports: [],
    volumes: [],
    secrets: [],
    replicas: undefined,
    labels: {},
    envMapping: {},
    ...over,
  };
}

export function pipeline(components: Component[], over: Partial<Pipeline> = {}): Pipeline {
  return {
    format: 'v1',
    file: 'test.yaml',
    name: 'test',
    nameLoc: loc,
    labels: {},
    annotations: {},
    config: [],
    components,
    ...over,
  };
}

export const at0 = loc;

/**
 * Kubernetes variable expansion: `$$` → `$`; `$(NAME)` → the mapped value when NAME is
 * defined, else left as written; `$` before anything else, or a `$(` without `)`, is kept.
 */
export function k8sExpand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') out += '$';
    else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) out += '$(';
      else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else out += `$${next}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

// biome-ignore lint/suspicious/noExplicitAny: parsed manifests are untyped JSON.
export type Obj = any;

/** Parse a multi-document stream as kubectl's YAML 1.1 decoder would type it. */
export function parseStream(text: string, version: '1.1' | '1.2' = '1.1'): Obj[] {
  return parseAllDocuments(text, { version }).map((d) => {
    if (d.errors.length > 0) throw d.errors[0];
    return d.toJS();
  });
}

/** Emit and parse back: the objects as a Kubernetes client would read the stdout stream. */
export function emitParsed(p: Pipeline, opts: EmitOptions = {}, version: '1.1' | '1.2' = '1.1') {
  const out = kubernetesTarget.emit(p, opts);
  return { objects: parseStream(kubernetesTarget.toStdout(out.files), version), out };
}

export function find(objects: Obj[], kind: string, name: string): Obj {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`)}`);
  return o;
}

/**
 * The environment a container runs with, resolved as the kubelet does: values expanded in
 * order against the variables defined before them; configMapKeyRef read from the ConfigMap
 * verbatim; secretKeyRef shown as `<secret name/key>`.
 */
export function resolveEnv(container: Obj, objects: Obj[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (typeof e.value === 'string')
      env.set(
        e.name,
        k8sExpand(e.value, (n) => env.get(n)),
      );
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = find(objects, 'ConfigMap', ref.name);
      if (typeof cm.data[ref.key] !== 'string') throw new Error(`ConfigMap value ${ref.key} is not a string`);
      env.set(e.name, cm.data[ref.key]);
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      env.set(e.name, `<secret ${ref.name}/${ref.key}>`);
    } else if (e.value === undefined) env.set(e.name, '');
    else throw new Error(`env ${e.name} has a ${typeof e.value} value`);
  }
  return env;
}

/** A container's command/args after expansion against its resolved environment. */
export function expandList(list: string[] | undefined, env: Map<string, string>): string[] | undefined {
  return list?.map((s) => k8sExpand(s, (n) => env.get(n)));
}

/**
 * Compile pipeline YAML through the whole front end, then emit kubernetes; returns the
 * objects parsed back from the stdout stream and the emitter's diagnostics as
 * `CODE message` lines. Fails the test when the front end reports an error.
 */
export async function translateK8s(text: string, opts: EmitOptions = {}) {
  const { result } = await compileText(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.pipeline) throw new Error(`front end failed: ${errors.map((d) => d.message).join('; ')}`);
  const { objects, out } = emitParsed(result.pipeline, opts);
  return {
    pipeline: result.pipeline,
    objects,
    out,
    stdout: kubernetesTarget.toStdout(out.files),
    diagnostics: out.diagnostics.map((d) => `${d.code} ${d.message}`),
    raw: out.diagnostics,
  };
}

/** The one container of a Deployment. */
export function container(objects: Obj[], name: string): Obj {
  return find(objects, 'Deployment', name).spec.template.spec.containers[0];
}
