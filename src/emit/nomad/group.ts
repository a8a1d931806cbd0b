import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { type Component, type Pipeline, replicasOf } from '../../ir.js';
import { hcl, hclList } from '../hcl.js';
import { configHash, LABEL } from '../labels.js';
import type { EmitOptions } from '../types.js';
import { metaEntries } from './meta.js';
import { planPorts, serviceName } from './names.js';
import { type HostVolumeView, type TaskView, taskView } from './task.js';

export interface KV {
  readonly key: string;
  readonly value: string;
}

export interface GroupView {
  readonly name: string;
  readonly count: string;
  readonly meta: readonly KV[];
  readonly ports: readonly { label: string; static?: string; to?: string }[];
  readonly hostVolumes: readonly HostVolumeView[];
  readonly service: {
    readonly name: string;
    readonly port?: string;
    readonly tags: string;
    readonly check?: {
      name: string;
      type: string;
      path?: string;
      port?: string;
      interval: string;
      timeout: string;
      limit: string;
    };
  };
  readonly restart: { attempts: string; interval: string; delay: string; mode: string };
  readonly noReschedule: boolean;
  readonly update: { healthCheck: string };
  readonly scaling?: { min: string; max: string; target: string };
  readonly task: TaskView;
}

const secs = (n: number) => hcl(Number.isInteger(n) ? `${n}s` : `${Math.round(n * 1000)}ms`);

/** Nomad rejects check intervals and timeouts below one second. */
const MIN_CHECK_SECONDS = 1;

function checkSeconds(c: Component, field: string, n: number, diags: Diagnostic[]): string {
  if (n >= MIN_CHECK_SECONDS) return secs(n);
  diags.push(
    diag(
      'FC4001',
      {
        field,
        id: c.id,
        target: 'nomad',
        reason: `Nomad checks run at least ${MIN_CHECK_SECONDS}s apart; ${MIN_CHECK_SECONDS}s is used instead of ${n}s`,
      },
      c.health!.check.loc,
    ),
  );
  return secs(MIN_CHECK_SECONDS);
}

/**
 * Network ports: docker tasks map the container port (`to`) to a dynamic host port, or to
 * `static` = hostPort; exec tasks share the host's network, so the process's own port is
 * reserved as `static` (hostPort when given). Docker maps a port label for TCP and UDP alike.
 */
function ports(plan: ReturnType<typeof planPorts>, docker: boolean): GroupView['ports'] {
  return plan.ports.map((x) => {
    const host = x.port?.hostPort;
    if (!docker) return { label: hcl(x.label), static: String(host ?? x.containerPort) };
    return {
      label: hcl(x.label),
      to: String(x.containerPort),
      ...(host !== undefined ? { static: String(host) } : {}),
    };
  });
}

/** The service check from `health`: http and tcp; Nomad's own provider cannot run commands. */
function check(
  c: Component,
  plan: ReturnType<typeof planPorts>,
  diags: Diagnostic[],
): GroupView['service']['check'] {
  const h = c.health;
  if (!h) return undefined;
  if (h.check.kind === 'command') {
    diags.push(
      diag(
        'FC4001',
        {
          field: 'health.command',
          id: c.id,
          target: 'nomad',
          reason:
            'service checks of the Nomad provider are http or tcp only; the service is registered without a check',
        },
        h.check.loc,
      ),
    );
    return undefined;
  }
  return {
    name: hcl(`${c.id}-health`),
    type: hcl(h.check.kind),
    ...(h.check.kind === 'http' ? { path: hcl(h.check.path) } : {}),
    ...(plan.health ? { port: hcl(plan.health) } : {}),
    interval: checkSeconds(c, 'health.interval', h.intervalSeconds, diags),
    timeout: checkSeconds(c, 'health.timeout', h.timeoutSeconds, diags),
    limit: String(h.retries),
  };
}

/**
 * Restart policy. A service job restarts a task on every exit (also exit code 0): `always` and
 * `unless-stopped` keep restarting (mode "delay"); `no` never restarts nor reschedules;
 * `on-failure` and no policy use Nomad's service defaults (2 restarts in 30m, then reschedule).
 */
function restart(c: Component, diags: Diagnostic[]): Pick<GroupView, 'restart' | 'noReschedule'> {
  const r = c.restart?.value;
  if (r === 'no')
    return {
      restart: { attempts: '0', interval: hcl('30m'), delay: secs(15), mode: hcl('fail') },
      noReschedule: true,
    };
  if (r === 'always' || r === 'unless-stopped')
    return {
      restart: { attempts: '2', interval: hcl('30m'), delay: secs(15), mode: hcl('delay') },
      noReschedule: false,
    };
  if (r === 'on-failure')
    diags.push(
      diag(
        'FC4001',
        {
          field: 'restart_policy',
          id: c.id,
          target: 'nomad',
          reason:
            'a Nomad service job restarts a task on any exit, also with exit code 0; the restart limits apply to both',
        },
        c.restart!.loc,
      ),
    );
  return {
    restart: { attempts: '2', interval: hcl('30m'), delay: secs(15), mode: hcl('fail') },
    noReschedule: false,
  };
}

/** Replicas; with autoscaling, Nomad requires the count within min..max, so it is clamped (reported). */
function count(c: Component, diags: Diagnostic[]): number {
  const n = replicasOf(c);
  const a = c.autoscaling;
  if (!a || (n >= a.minReplicas && n <= a.maxReplicas)) return n;
  const clamped = Math.min(Math.max(n, a.minReplicas), a.maxReplicas);
  const reason = `Nomad requires the count within autoscaling ${a.minReplicas}..${a.maxReplicas}; count = ${clamped}`;
  diags.push(
    diag('FC4001', { field: 'replicas', id: c.id, target: 'nomad', reason }, c.replicas?.loc ?? a.loc),
  );
  return clamped;
}

/** One task group per component. */
export function groupView(
  p: Pipeline,
  c: Component,
  names: { job: string; group: string },
  opts: EmitOptions,
  diags: Diagnostic[],
): GroupView {
  const plan = planPorts(c);
  const { task, hostVolumes } = taskView(p, c, names, plan.ports, opts, diags);
  const docker = c.image !== undefined;
  for (const d of c.dependsOn)
    diags.push(
      diag(
        'FC4001',
        {
          field: 'depends_on',
          id: c.id,
          target: 'nomad',
          reason: `Nomad starts task groups independently; '${d.value}' is not waited for (inputs are wired through service discovery and re-rendered when they appear)`,
        },
        d.loc,
      ),
    );
  const chk = check(c, plan, diags);
  const meta = metaEntries(
    [
      [LABEL.pipeline, p.name],
      [LABEL.component, c.id],
      [LABEL.role, c.role],
      [LABEL.configHash, configHash(p, c)],
    ],
    [{ field: 'labels', entries: c.labels }],
    c,
    diags,
  );
  const a = c.autoscaling;
  return {
    name: hcl(names.group),
    count: String(count(c, diags)),
    meta,
    ports: ports(plan, docker),
    hostVolumes,
    service: {
      name: hcl(serviceName(p, c, opts)),
      ...(plan.data ? { port: hcl(plan.data) } : {}),
      tags: hclList([`flowctl-${c.role}`]),
      ...(chk ? { check: chk } : {}),
    },
    ...restart(c, diags),
    update: { healthCheck: hcl(chk ? 'checks' : 'task_states') },
    ...(a
      ? {
          scaling: {
            min: String(a.minReplicas),
            max: String(a.maxReplicas),
            target: String(a.targetCPUUtilization),
          },
        }
      : {}),
    task,
  };
}
