import type { Diagnostic } from '../../diagnostics/types.js';
import type { Pipeline } from '../../ir.js';
import { hcl, hclList } from '../hcl.js';
import { LABEL } from '../labels.js';
import { dnsLabel } from '../names.js';
import type { EmitOptions } from '../types.js';
import { canonicalJson } from '../yaml.js';
import { type GroupView, groupView, type KV } from './group.js';
import { metaEntries } from './meta.js';
import { jobName } from './names.js';

/** Datacenters when neither --datacenter nor options name any (Nomad's dev agent uses "dc1"). */
export const DEFAULT_DATACENTERS: readonly string[] = ['dc1'];

/** The whole job as the templates see it: every string already an HCL expression. */
export interface JobView {
  readonly name: string;
  readonly datacenters: string;
  readonly region?: string;
  readonly namespace?: string;
  readonly meta: readonly KV[];
  readonly groups: readonly GroupView[];
}

/**
 * One service job per pipeline and one task group per component, in the pipeline's component
 * order (the order of the file; Nomad gives it no meaning). Ownership meta on the job and each
 * group; pipeline-wide config, description, labels and annotations in job meta, which Nomad
 * also exposes to every task as NOMAD_META_* variables.
 */
export function jobView(p: Pipeline, opts: EmitOptions, diags: Diagnostic[]): JobView {
  const job = jobName(p, opts);
  const namespace = opts.namespace ?? p.namespace;
  const ownership: [string, string][] = [[LABEL.pipeline, p.name]];
  if (p.description !== undefined) ownership.push(['flowctl.io/description', p.description]);
  if (p.config.length > 0)
    ownership.push([
      'flowctl.io/config',
      canonicalJson(Object.fromEntries(p.config.map((x) => [x.key, x.value]))),
    ]);
  const meta = metaEntries(
    ownership,
    [
      { field: 'metadata.labels', entries: p.labels },
      { field: 'metadata.annotations', entries: p.annotations },
    ],
    { id: p.name, loc: p.nameLoc },
    diags,
  );
  return {
    name: hcl(job),
    datacenters: hclList(
      opts.datacenters && opts.datacenters.length > 0 ? opts.datacenters : DEFAULT_DATACENTERS,
    ),
    ...(opts.region ? { region: hcl(opts.region) } : {}),
    ...(namespace ? { namespace: hcl(namespace) } : {}),
    meta,
    groups: p.components.map((c) => groupView(p, c, { job, group: dnsLabel(c.id) }, opts, diags)),
  };
}
