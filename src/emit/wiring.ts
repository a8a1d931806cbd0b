import type { Component, JsonValue, Pipeline, Port } from '../ir.js';
import { canonicalJson } from './yaml.js';

/**
 * The environment contract between flowctl and every component, in one place.
 * Each target supplies how an input's address is written (service DNS name, cluster DNS,
 * Nomad service lookup, loopback port); the variable names are the same everywhere.
 */
export const WIRING = {
  pipeline: 'FLOWCTL_PIPELINE',
  componentId: 'FLOWCTL_COMPONENT_ID',
  role: 'FLOWCTL_COMPONENT_ROLE',
  /** Comma-separated input addresses (host:port), in the order of `inputs`. */
  inputs: 'FLOWCTL_INPUTS',
  /** Comma-separated input ids, in the same order as FLOWCTL_INPUTS. */
  inputIds: 'FLOWCTL_INPUT_IDS',
  inputTypes: 'FLOWCTL_INPUT_EVENT_TYPES',
  outputTypes: 'FLOWCTL_OUTPUT_EVENT_TYPES',
  /** The component's own data port, when it has one. */
  port: 'FLOWCTL_PORT',
  healthPort: 'FLOWCTL_HEALTH_PORT',
  /** The whole config as canonical JSON. */
  config: 'FLOWCTL_CONFIG',
  endpoint: 'FLOWCTL_ENDPOINT',
} as const;

/**
 * The port other components connect to: the first port that is not named "health" and is not
 * the health port, else the first port.
 */
export function dataPort(c: Component): Port | undefined {
  const hp = c.health?.port?.value;
  return c.ports.find((p) => p.name !== 'health' && p.containerPort !== hp) ?? c.ports[0];
}

/** A config value as an environment string: strings verbatim, others as canonical JSON. */
export function configString(v: JsonValue): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : canonicalJson(v);
}

/** Env var name for a config key: env_mapping, else the upper-cased key with non-word characters as '_'. */
export function configEnvName(c: Component, key: string): string {
  return c.envMapping[key] ?? key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

export interface EnvEntry {
  readonly name: string;
  readonly value: string;
}

/**
 * The full environment of a component, sorted by name: wiring variables, then config
 * mapped to env vars, then the user's own env (which wins on a clash).
 * `address(input)` returns how the target reaches that input ("host:port" or "host").
 */
export function componentEnv(
  p: Pipeline,
  c: Component,
  address: (input: Component) => string,
  byId: ReadonlyMap<string, Component>,
): EnvEntry[] {
  const env = new Map<string, string>();
  env.set(WIRING.pipeline, p.name);
  env.set(WIRING.componentId, c.id);
  env.set(WIRING.role, c.role);
  const inputs = c.inputs.map((i) => byId.get(i.value)).filter((x): x is Component => x !== undefined);
  if (inputs.length > 0) {
    env.set(WIRING.inputs, inputs.map(address).join(','));
    env.set(WIRING.inputIds, inputs.map((i) => i.id).join(','));
  }
  if (c.consumes.length > 0) env.set(WIRING.inputTypes, c.consumes.join(','));
  if (c.produces.length > 0) env.set(WIRING.outputTypes, c.produces.join(','));
  const dp = dataPort(c);
  if (dp) env.set(WIRING.port, String(dp.containerPort));
  if (c.health?.port) env.set(WIRING.healthPort, String(c.health.port.value));
  if (p.endpoint) env.set(WIRING.endpoint, p.endpoint);
  if (c.config.length > 0) {
    env.set(WIRING.config, canonicalJson(Object.fromEntries(c.config.map((x) => [x.key, x.value]))));
    for (const x of c.config) env.set(configEnvName(c, x.key), configString(x.value));
  }
  for (const e of c.env) env.set(e.name, e.value);
  return [...env.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
}

const indexes = new WeakMap<Pipeline, Map<string, Component>>();

/**
 * Index components by id (first wins), for address lookups. Computed once per pipeline (an
 * emitter that asked once per component spent 40 s on 10,000 components); do not mutate it.
 */
export function indexById(p: Pipeline): Map<string, Component> {
  const cached = indexes.get(p);
  if (cached) return cached;
  const m = new Map<string, Component>();
  for (const c of p.components) if (!m.has(c.id)) m.set(c.id, c);
  indexes.set(p, m);
  return m;
}

/** Image with the --image-registry host prepended when the image names no registry. */
export function withImageRegistry(image: string, registry: string | undefined): string {
  if (!registry) return image;
  const first = image.split('/')[0];
  const hasHost =
    image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasHost ? image : `${registry.replace(/\/+$/, '')}/${image}`;
}
