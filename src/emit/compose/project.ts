import { diag } from '../../diagnostics/catalog/index.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { at, type Component, type Loc, type Pipeline } from '../../ir.js';
import { configHash, LABEL } from '../labels.js';
import { shortHash } from '../names.js';

/** The network every service joins (one per pipeline). */
export const NETWORK = 'pipeline';

const SERVICE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Compose project name: `[prefix-]pipeline`, lower-cased, other characters as '-', starting
 * with a letter or digit (`^[a-z0-9][a-z0-9_-]*$`), no trailing '-' or '_'; 'flowctl' when
 * nothing is left.
 */
export function projectName(p: Pipeline, prefix: string | undefined): string {
  const raw = prefix ? `${prefix}-${p.name}` : p.name;
  const s = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+|[-_]+$/g, '');
  return s === '' ? 'flowctl' : s;
}

/** Whether `--prefix` can start a service name; reports FC4105 when it cannot. */
export function checkPrefix(prefix: string | undefined, diags: Diagnostic[]): boolean {
  if (prefix === undefined || SERVICE_NAME.test(prefix)) return true;
  diags.push(diag('FC4105', { prefix }));
  return false;
}

/** Service name of a component: its id, after `prefix-` when a prefix is given. */
export function serviceName(id: string, prefix: string | undefined): string {
  return prefix ? `${prefix}-${id}` : id;
}

/**
 * A top-level key (volume, secret) Compose accepts: `^[a-zA-Z0-9._-]+$`. A name that had to
 * change gets a hash of the original, so two names never meet by normalisation.
 */
export function topLevelKey(name: string): string {
  if (SERVICE_NAME.test(name)) return name;
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base === '' ? 'x' : base}-${shortHash(name)}`;
}

function reserved(key: string): string | undefined {
  if (key.startsWith('com.docker.')) return 'com.docker.* labels are reserved by Docker';
  if (key.startsWith('flowctl.io/') || key === LABEL.managedBy)
    return `${key} is set by flowctl itself; rename the label`;
  return undefined;
}

/** User labels without reserved keys; each reserved key is reported (FC4001) once. */
export function userLabels(
  labels: Readonly<Record<string, string>>,
  owner: { field: string; id: string; loc: Loc },
  diags: Diagnostic[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    const why = reserved(k);
    if (why === undefined) out[k] = v;
    else
      diags.push(
        diag(
          'FC4001',
          { field: `${owner.field}.${k}`, id: owner.id, target: 'compose', reason: why },
          at(owner.loc, k),
        ),
      );
  }
  return out;
}

/**
 * Labels of a service: the pipeline's labels, the component's (which win), then flowctl's
 * ownership labels (pipeline, component, role, configuration hash, managed-by).
 */
export function serviceLabels(
  p: Pipeline,
  c: Component,
  pipelineLabels: Readonly<Record<string, string>>,
  diags: Diagnostic[],
): Record<string, string> {
  return {
    ...pipelineLabels,
    ...userLabels(c.labels, { field: 'labels', id: c.id, loc: at(c.loc, 'labels') }, diags),
    [LABEL.pipeline]: p.name,
    [LABEL.component]: c.id,
    [LABEL.role]: c.role,
    [LABEL.configHash]: configHash(p, c),
    [LABEL.managedBy]: 'flowctl',
  };
}

/** Labels of the network and named volumes: owned by this pipeline. */
export function ownerLabels(p: Pipeline): Record<string, string> {
  return { [LABEL.pipeline]: p.name, [LABEL.managedBy]: 'flowctl' };
}

/**
 * The top-level `x-flowctl` extension: pipeline facts Compose has no field for (docker-compose
 * ignores `x-` keys), and the project name to pass as `docker-compose -p`.
 */
export function pipelineMeta(p: Pipeline, project: string): Record<string, unknown> {
  const annotations = Object.keys(p.annotations).length > 0 ? p.annotations : undefined;
  return {
    project,
    pipeline: p.name,
    namespace: p.namespace,
    description: p.description,
    annotations,
    driver: p.driver?.value,
  };
}

/** The service-level `x-flowctl` extension: component facts Compose has no field for. */
export function componentMeta(c: Component): Record<string, unknown> | undefined {
  const ports: Record<string, string> = {};
  for (const port of c.ports) if (port.name) ports[port.name] = `${port.containerPort}/${port.protocol}`;
  const meta = {
    type: c.typeLabel,
    'registry-entry': c.resolvedFrom ? `${c.resolvedFrom.name}@${c.resolvedFrom.version}` : undefined,
    'port-names': Object.keys(ports).length > 0 ? ports : undefined,
  };
  return Object.values(meta).some((v) => v !== undefined) ? meta : undefined;
}

/**
 * Where a diagnostic about a component's fact points: the fact itself when it is written in the
 * component's own file, else the component (facts filled in from a registry entry, whose file
 * may be the registry shipped inside flowctl).
 */
export function factLoc(c: Component, loc: Loc): Loc {
  return loc.file === c.loc.file ? loc : c.loc;
}
