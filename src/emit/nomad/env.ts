import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Loc, Pipeline } from '../../ir.js';
import { hcl, hclComment, hclEscape } from '../hcl.js';
import type { EmitOptions } from '../types.js';
import { componentEnv, dataPort, indexById, WIRING } from '../wiring.js';
import { envFileLine, goStringLiteral } from './gotemplate.js';
import { serviceName } from './names.js';

/** One `"NAME" = value` entry of the task's env map; `value` is already an HCL expression. */
export interface EnvEntryView {
  readonly key: string;
  readonly value: string;
}

/** A rendered `template` block: every field is an HCL expression. */
export interface TemplateView {
  /** `#` comment lines, already escaped. */
  readonly comments: readonly string[];
  readonly data: string;
  readonly destination: string;
  readonly env: boolean;
  readonly perms?: string;
}

/**
 * Nomad replaces `${name}` in env values, args, config and meta at run time whenever `name` is a
 * variable of the task's environment (NOMAD_*, node.*, attr.*, meta.*, or any env var). This is
 * the pattern it matches (helper/args in Nomad's source).
 */
export const NOMAD_INTERPOLATION = /\$\{[a-zA-Z0-9_\-.]+\}/;
const ENV_FILE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Go-template expression that renders one input's address from Nomad service discovery. */
export function inputAddress(p: Pipeline, input: Component, opts: EmitOptions): string {
  const svc = goStringLiteral(serviceName(p, input, opts));
  const addr = dataPort(input) ? '{{ .Address }}:{{ .Port }}' : '{{ .Address }}';
  // One instance per input, chosen by rendezvous hashing on this allocation's id, so the
  // replicas of a consumer spread over the replicas of its input.
  return `{{ range nomadService 1 (env "NOMAD_ALLOC_ID") ${svc} }}${addr}{{ end }}`;
}

/** Warn when Nomad may interpolate a user value at run time (no escape exists for that). */
export function warnInterpolation(
  diags: Diagnostic[],
  c: Component,
  field: string,
  value: string,
  loc: Loc,
): void {
  const m = NOMAD_INTERPOLATION.exec(value);
  if (m) diags.push(diag('FC4301', { field, id: c.id, text: m[0] }, loc));
}

export interface EnvPlan {
  readonly env: EnvEntryView[];
  readonly template?: TemplateView;
}

/**
 * The task's environment (componentEnv, the contract shared by every target), split in two:
 * literal values go to the `env` map (HCL-escaped); FLOWCTL_INPUTS, whose addresses come from
 * Nomad service discovery, and every value that Nomad would interpolate at run time (it
 * contains `${name}`) go to an env template, which Nomad does not interpolate.
 */
export function planEnv(p: Pipeline, c: Component, opts: EmitOptions, diags: Diagnostic[]): EnvPlan {
  const marker = (i: Component) => `\u0000input:${i.id}\u0000`;
  const entries = componentEnv(p, c, marker, indexById(p));
  const byId = indexById(p);
  const inputs = c.inputs.map((i) => byId.get(i.value)).filter((x): x is Component => x !== undefined);
  const lines: string[] = [];
  const env: EnvEntryView[] = [];
  for (const e of entries) {
    if (e.name === WIRING.inputs && e.value === inputs.map(marker).join(',')) {
      lines.push(`${e.name}=${inputs.map((i) => inputAddress(p, i, opts)).join(',')}`);
    } else if (NOMAD_INTERPOLATION.test(e.value) && ENV_FILE_NAME.test(e.name)) {
      lines.push(envFileLine(e.name, e.value));
    } else {
      const loc = c.env.find((x) => x.name === e.name)?.loc ?? c.loc;
      if (NOMAD_INTERPOLATION.test(e.value)) warnInterpolation(diags, c, `env.${e.name}`, e.value, loc);
      env.push({ key: hcl(e.name), value: hcl(e.value) });
    }
  }
  if (lines.length === 0) return { env };
  return {
    env,
    template: {
      comments: [
        hclComment(
          'flowctl: input addresses from Nomad service discovery; values Nomad must not interpolate',
        ),
      ],
      data: hcl(`${lines.join('\n')}\n`),
      destination: hcl('local/flowctl.env'),
      env: true,
    },
  };
}

/** An env value that is a flowctl-generated Nomad runtime reference: `${NOMAD_SECRETS_DIR}/<file>`. */
export function secretsDirValue(file: string): string {
  return `"\${NOMAD_SECRETS_DIR}/${hclEscape(file)}"`;
}
