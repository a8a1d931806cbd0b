import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Secret } from '../../ir.js';
import { hcl, hclComment } from '../hcl.js';
import type { EnvEntryView, TemplateView } from './env.js';
import { secretsDirValue } from './env.js';
import { goStringLiteral, goTemplateText } from './gotemplate.js';

/** A docker `mount` block; every field an HCL expression. */
export interface MountView {
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly readonly: string;
}

export interface SecretsPlan {
  readonly templates: TemplateView[];
  readonly mounts: MountView[];
  readonly env: EnvEntryView[];
}

/**
 * Where each secret of a component lives in Nomad: one Nomad variable per task group,
 * `nomad/jobs/<job>/<group>`, whose items are the secrets by name (the task may read it through
 * its workload identity, no policy needed). Only that reference is written, never a value.
 */
export function secretVariablePath(job: string, group: string): string {
  return `nomad/jobs/${job}/${group}`;
}

/** The file name under the task's secrets/ directory: the secret's name, made path-safe. */
function fileName(s: Secret, used: Set<string>): string {
  const base = s.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'secret';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

/** How the operator stores the value: a comment naming the source the pipeline declares. */
function putHint(s: Secret, path: string): string {
  const source = s.from.file ? `@${s.from.file}` : s.from.env ? `"$${s.from.env}"` : '<value>';
  return hclComment(`secret '${s.name}': nomad var put ${path} ${s.name}=${source}`);
}

/**
 * Templates that read each secret from the group's Nomad variable into the task's secrets/
 * directory (file secrets; mode from `mode`, default 0400) or into its environment (env-only
 * secrets, JSON-quoted so any value survives the env file). Docker tasks bind the file to the
 * declared mountPath; exec tasks cannot, so the file stays under /secrets (reported).
 */
export function planSecrets(c: Component, path: string, docker: boolean, diags: Diagnostic[]): SecretsPlan {
  const plan: SecretsPlan = { templates: [], mounts: [], env: [] };
  const used = new Set<string>();
  const envLines: string[] = [];
  const envHints: string[] = [];
  const p = goStringLiteral(path);
  c.secrets.forEach((s, i) => {
    const item = `index . ${goStringLiteral(s.name)}`;
    const open = s.required
      ? `{{ with nomadVar ${p} }}`
      : `{{ if nomadVarExists ${p} }}{{ with nomadVar ${p} }}`;
    const close = s.required ? '{{ end }}' : '{{ end }}{{ end }}';
    if (!s.mountPath && s.envName) {
      envLines.push(`${goTemplateText(s.envName)}=${open}{{ ${item} | toJSON }}${close}`);
      envHints.push(putHint(s, path));
      return;
    }
    const file = fileName(s, used);
    plan.templates.push({
      comments: [putHint(s, path)],
      data: hcl(`${open}{{ ${item} }}${close}`),
      destination: hcl(`secrets/${file}`),
      env: false,
      perms: hcl(s.mode ?? '0400'),
    });
    if (s.mountPath && docker) {
      plan.mounts.push({
        type: hcl('bind'),
        source: hcl(`secrets/${file}`),
        target: hcl(s.mountPath),
        readonly: 'true',
      });
    } else if (s.mountPath) {
      diags.push(
        diag(
          'FC4001',
          {
            field: `secrets[${i}].mountPath`,
            id: c.id,
            target: 'nomad',
            reason: `an exec task cannot mount files at chosen paths; the secret is at /secrets/${file}${s.envName ? ` and '${s.envName}' holds that path` : ''}`,
          },
          s.loc,
        ),
      );
    }
    if (s.envName)
      plan.env.push({
        key: hcl(s.envName),
        value: docker && s.mountPath ? hcl(s.mountPath) : secretsDirValue(file),
      });
  });
  if (envLines.length > 0)
    plan.templates.push({
      comments: envHints,
      data: hcl(`${envLines.join('\n')}\n`),
      destination: hcl('secrets/flowctl-secrets.env'),
      env: true,
      perms: hcl('0400'),
    });
  return plan;
}
