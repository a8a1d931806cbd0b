import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Component, Pipeline } from '../../ir.js';
import { hcl, hclComment, hclList } from '../hcl.js';
import { dnsLabel } from '../names.js';
import type { EmitOptions } from '../types.js';
import { withImageRegistry } from '../wiring.js';
import { type EnvEntryView, planEnv, type TemplateView, warnInterpolation } from './env.js';
import type { PortPlan } from './names.js';
import { type ResourcesView, resourcesView } from './resources.js';
import { type MountView, planSecrets, secretVariablePath } from './secrets.js';

export interface TaskView {
  readonly name: string;
  readonly driver: string;
  readonly comments: readonly string[];
  readonly image?: string;
  readonly entrypoint?: string;
  readonly command?: string;
  readonly args?: string;
  readonly ports?: string;
  readonly mounts: readonly MountView[];
  readonly env: readonly EnvEntryView[];
  readonly templates: readonly TemplateView[];
  readonly volumeMounts: readonly { volume: string; destination: string; readOnly: string }[];
  readonly resources: ResourcesView;
}

/** A host volume the group requests (exec tasks): every field an HCL expression. */
export interface HostVolumeView {
  readonly name: string;
  readonly source: string;
  readonly readOnly: string;
}

interface Runtime {
  readonly docker: boolean;
  readonly fields: Pick<TaskView, 'driver' | 'image' | 'entrypoint' | 'command' | 'args'>;
}

/**
 * The task driver: `docker` for an image; `exec` for a command (isolated in a chroot with
 * cgroup limits and enabled by default on Linux clients, unlike `raw_exec`, which runs
 * unisolated as the Nomad agent's user and is disabled by default). A component with neither,
 * resolved from a registry entry that names no runtime, runs the entry's name as its command,
 * as the Go flowctl's process driver did (reported).
 */
function runtime(c: Component, opts: EmitOptions, diags: Diagnostic[]): Runtime {
  const args = c.args;
  for (const [i, a] of args.entries()) warnInterpolation(diags, c, `args[${i}]`, a, c.loc);
  if (c.image) {
    const image = withImageRegistry(c.image.value, opts.imageRegistry);
    warnInterpolation(diags, c, 'image', image, c.image.loc);
    for (const [i, a] of (c.command?.value ?? []).entries())
      warnInterpolation(diags, c, `command[${i}]`, a, c.command!.loc);
    return {
      docker: true,
      fields: {
        driver: hcl('docker'),
        image: hcl(image),
        ...(c.command ? { entrypoint: hclList(c.command.value) } : {}),
        ...(args.length > 0 ? { args: hclList(args) } : {}),
      },
    };
  }
  let command = c.command?.value;
  if (!command || command.length === 0) {
    const name = c.resolvedFrom?.name ?? c.ref?.name ?? c.id;
    diags.push(diag('FC4302', { id: c.id, command: name }, c.ref?.loc ?? c.loc));
    command = [name];
  } else
    for (const [i, a] of command.entries()) warnInterpolation(diags, c, `command[${i}]`, a, c.command!.loc);
  const rest = [...command.slice(1), ...args];
  return {
    docker: false,
    fields: {
      driver: hcl('exec'),
      command: hcl(command[0]),
      ...(rest.length > 0 ? { args: hclList(rest) } : {}),
    },
  };
}

/** Bind mounts and named volumes for docker; host volumes for exec (reported as a client requirement). */
function volumes(c: Component, job: string, docker: boolean, diags: Diagnostic[]) {
  const mounts: MountView[] = [];
  const hostVolumes: HostVolumeView[] = [];
  const volumeMounts: TaskView['volumeMounts'][number][] = [];
  c.volumes.forEach((v, i) => {
    const readOnly = v.readOnly ? 'true' : 'false';
    if (docker && v.hostPath !== undefined) {
      if (!v.hostPath.startsWith('/') || v.hostPath.includes('$'))
        diags.push(diag('FC4303', { id: c.id, index: i, path: v.hostPath }, v.loc));
      mounts.push({
        type: hcl('bind'),
        source: hcl(v.hostPath),
        target: hcl(v.mountPath),
        readonly: readOnly,
      });
    } else if (docker) {
      mounts.push({
        type: hcl('volume'),
        source: hcl(dnsLabel(`${job}-${v.name}`)),
        target: hcl(v.mountPath),
        readonly: readOnly,
      });
    } else {
      const name = dnsLabel(v.name);
      diags.push(diag('FC4304', { id: c.id, index: i, volume: name, path: v.hostPath ?? '' }, v.loc));
      hostVolumes.push({ name: hcl(name), source: hcl(name), readOnly });
      volumeMounts.push({ volume: hcl(name), destination: hcl(v.mountPath), readOnly });
    }
  });
  return { mounts, hostVolumes, volumeMounts };
}

/** The one task of a component's group, and the host volumes its group must request. */
export function taskView(
  p: Pipeline,
  c: Component,
  names: { job: string; group: string },
  ports: readonly PortPlan[],
  opts: EmitOptions,
  diags: Diagnostic[],
): { task: TaskView; hostVolumes: HostVolumeView[] } {
  const rt = runtime(c, opts, diags);
  const envPlan = planEnv(p, c, opts, diags);
  const secrets = planSecrets(c, secretVariablePath(names.job, names.group), rt.docker, diags);
  const vols = volumes(c, names.job, rt.docker, diags);
  const secretEnv = new Set(secrets.env.map((e) => e.key));
  const env = [...envPlan.env.filter((e) => !secretEnv.has(e.key)), ...secrets.env].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const resources = resourcesView(c, diags);
  const task: TaskView = {
    name: hcl(names.group),
    ...rt.fields,
    comments: rt.docker
      ? []
      : [
          hclComment(
            'flowctl: exec runs the command isolated (chroot, cgroups); raw_exec would run it unisolated',
          ),
        ],
    ...(rt.docker && ports.length > 0 ? { ports: hclList(ports.map((x) => x.label)) } : {}),
    mounts: [...vols.mounts, ...secrets.mounts],
    env,
    templates: [...(envPlan.template ? [envPlan.template] : []), ...secrets.templates],
    volumeMounts: vols.volumeMounts,
    resources: { ...resources, note: hclComment(resources.note) },
  };
  return { task, hostVolumes: vols.hostVolumes };
}
