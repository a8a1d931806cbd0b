import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import type { EmitOptions } from '../types.js';
import { componentEnv, dataPort, withImageRegistry } from '../wiring.js';
import { deploy, ports } from './deploy.js';
import type { Interpolation } from './escape.js';
import { componentMeta, factLoc, NETWORK, serviceLabels, serviceName } from './project.js';
import { type SecretEnv, type Store, secrets, volumes } from './storage.js';

/** What every service of one pipeline shares while it is built. */
export interface ServiceContext {
  readonly p: Pipeline;
  readonly opts: EmitOptions;
  readonly byId: ReadonlyMap<string, Component>;
  readonly store: Store;
  readonly pipelineLabels: Readonly<Record<string, string>>;
  /** Healthchecks already built, by component id (depends_on waits only on these). */
  readonly healthchecks: ReadonlyMap<string, Record<string, unknown>>;
}

/** Restart policy: as written, else the Go flowctl's default (`no` for pipelines, else `unless-stopped`). */
export function restartPolicy(c: Component): string {
  return c.restart?.value ?? (c.role === 'pipeline' ? 'no' : 'unless-stopped');
}

/** Address of an input on the pipeline network: `service:dataPort`, or `service` without ports. */
function address(prefix: string | undefined): (input: Component) => string {
  return (input) => {
    const name = serviceName(input.id, prefix);
    const port = dataPort(input);
    return port ? `${name}:${port.containerPort}` : name;
  };
}

function environment(ctx: ServiceContext, c: Component, fromSecrets: SecretEnv, diags: Diagnostic[]) {
  const env: Record<string, string | Interpolation> = {};
  for (const e of componentEnv(ctx.p, c, address(ctx.opts.prefix), ctx.byId)) env[e.name] = e.value;
  for (const e of c.env)
    if (e.name === '' || e.name.includes('=')) {
      delete env[e.name];
      const reason = "an environment variable name cannot be empty or contain '='";
      diags.push(
        diag('FC4001', { field: `env.${e.name}`, id: c.id, target: 'compose', reason }, factLoc(c, e.loc)),
      );
    }
  for (const [k, v] of fromSecrets) env[k] = v;
  return env;
}

/** `depends_on:` inputs and depends_on, waiting for health where the dependency has a healthcheck. */
function dependsOn(ctx: ServiceContext, c: Component): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const d of [...c.inputs, ...c.dependsOn]) {
    if (!ctx.byId.has(d.value) || d.value === c.id) continue;
    const condition = ctx.healthchecks.has(d.value) ? 'service_healthy' : 'service_started';
    out[serviceName(d.value, ctx.opts.prefix)] = { condition };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const nonEmpty = <T>(xs: readonly T[] | undefined): readonly T[] | undefined =>
  xs && xs.length > 0 ? xs : undefined;

/**
 * One Compose service for a component; undefined (and FC4002) when it has no image, since
 * compose runs containers only. IR command → entrypoint, IR args → command (as Kubernetes
 * command/args). Strings are returned unescaped: the caller escapes the whole document.
 */
export function buildService(
  ctx: ServiceContext,
  c: Component,
  diags: Diagnostic[],
): Record<string, unknown> | undefined {
  if (!c.image) {
    const fix = "give it an 'image:' (compose runs containers only), or translate it with -o local";
    diags.push(diag('FC4002', { field: 'no image', id: c.id, target: 'compose', fix }, c.loc));
    return undefined;
  }
  const fromSecrets: SecretEnv = new Map();
  const secretMounts = secrets(c, ctx.store, fromSecrets, diags);
  return {
    image: withImageRegistry(c.image.value, ctx.opts.imageRegistry),
    entrypoint: nonEmpty(c.command?.value),
    command: nonEmpty(c.args),
    environment: environment(ctx, c, fromSecrets, diags),
    labels: serviceLabels(ctx.p, c, ctx.pipelineLabels, diags),
    networks: [NETWORK],
    ...ports(c, diags),
    healthcheck: ctx.healthchecks.get(c.id),
    depends_on: dependsOn(ctx, c),
    deploy: deploy(c, diags),
    restart: restartPolicy(c),
    volumes: nonEmpty(volumes(c, ctx.store, diags)),
    secrets: nonEmpty(secretMounts),
    'x-flowctl': componentMeta(c),
  };
}
