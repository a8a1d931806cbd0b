import { diag } from '../../diagnostics/catalog/index.js';
import type { Component, Secret } from '../../ir.js';
import { componentEnv, configEnvName, dataPort, WIRING } from '../wiring.js';
import { type Ctx, serviceHost } from './context.js';
import { componentLabels, metadata } from './labels.js';
import { objectName } from './names.js';
import type { IConfigMap, IEnvVar } from './types.js';

/**
 * Escape text for the fields Kubernetes expands (container command, args, env values and exec
 * probe commands): `$(VAR)` is replaced there and `$$` becomes `$`, so every `$` is doubled.
 */
export function escapeK8s(s: string): string {
  return s.replace(/\$/g, () => '$$');
}

/** ConfigMap data keys: what Kubernetes accepts as a key. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** The address of an input: `<service host>:<data port>`, or the bare host when it has no port. */
export function inputAddress(ctx: Ctx, input: Component): string {
  const dp = dataPort(input);
  const host = serviceHost(ctx, input);
  return dp ? `${host}:${dp.containerPort}` : host;
}

/** An environment variable a secret defines (its value or its mounted path). */
export interface SecretEnv {
  readonly env: IEnvVar;
  readonly secret: Secret;
}

export interface ComponentEnv {
  /** Sorted by name; each name once. */
  readonly env: IEnvVar[];
  readonly configMap?: IConfigMap;
}

/**
 * The container environment of a component: the wiring contract (componentEnv, the same
 * variables and values as every target), with the variables that come from config
 * (FLOWCTL_CONFIG and each mapped key) read from the component's ConfigMap, whose values
 * Kubernetes passes through untouched; every other value has `$` escaped. `extra` are the
 * secret variables, which win over any other variable of the same name (FC4213).
 */
export function buildEnv(ctx: Ctx, c: Component, extra: readonly SecretEnv[]): ComponentEnv {
  const entries = componentEnv(ctx.p, c, (i) => inputAddress(ctx, i), ctx.byId);
  const userNames = new Set(c.env.map((e) => e.name));
  const fromConfig = new Set<string>();
  if (c.config.length > 0) {
    for (const n of [WIRING.config, ...c.config.map((x) => configEnvName(c, x.key))])
      if (!userNames.has(n) && CONFIGMAP_KEY.test(n) && n.length <= 253) fromConfig.add(n);
  }
  const cmName = objectName(ctx.opts.prefix, `${c.id}-config`);
  const data: Record<string, string> = {};
  const byName = new Map<string, IEnvVar>();
  for (const e of entries) {
    if (fromConfig.has(e.name)) {
      data[e.name] = e.value;
      byName.set(e.name, { name: e.name, valueFrom: { configMapKeyRef: { name: cmName, key: e.name } } });
    } else byName.set(e.name, { name: e.name, value: escapeK8s(e.value) });
  }
  for (const { env: e, secret } of extra) {
    if (byName.has(e.name))
      ctx.diagnostics.push(diag('FC4213', { name: e.name, id: c.id, secret: secret.name }, secret.loc));
    byName.set(e.name, e);
  }
  const env = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (Object.keys(data).length === 0) return { env };
  return { env, configMap: configMap(ctx, c, cmName, data) };
}

function configMap(ctx: Ctx, c: Component, name: string, data: Record<string, string>): IConfigMap {
  const bytes = Object.entries(data).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
  if (bytes > CONFIGMAP_MAX_BYTES) ctx.diagnostics.push(diag('FC4214', { name, id: c.id, bytes }, c.loc));
  ctx.names.claim('ConfigMap', name, { key: `config:${c.id}`, what: `the config of '${c.id}'`, loc: c.loc });
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(ctx, name, componentLabels(ctx, c)),
    data,
  };
}
