import { diag } from '../../diagnostics/catalog/index.js';
import { type Diagnostic, hasErrors } from '../../diagnostics/types.js';
import type { Pipeline } from '../../ir.js';
import { healthcheck } from '../compose/health.js';
import {
  checkPrefix,
  NETWORK,
  ownerLabels,
  pipelineMeta,
  projectName,
  serviceName,
  userLabels,
} from '../compose/project.js';
import { buildService, type ServiceContext } from '../compose/service.js';
import type { Store } from '../compose/storage.js';
import type { EmitOptions, EmitResult, Target } from '../types.js';
import { indexById, withImageRegistry } from '../wiring.js';
import { composeYaml } from '../compose/yaml.js';

/** The one file the compose target writes. */
export const COMPOSE_FILE = 'compose.yaml';

function emit(p: Pipeline, opts: EmitOptions): EmitResult {
  const diags: Diagnostic[] = [];
  if (!checkPrefix(opts.prefix, diags)) return { files: new Map(), diagnostics: diags };
  const project = projectName(p, opts.prefix);
  const pipelineLabels = userLabels(
    p.labels,
    { field: 'metadata.labels', id: p.name, loc: { file: p.file, path: ['metadata', 'labels'] } },
    diags,
  );
  if (p.config.length > 0) {
    const reason =
      "pipeline-wide config does not reach components; move the keys into the 'config' of the components that need them";
    const loc = { file: p.file, path: ['spec', 'config'] };
    diags.push(diag('FC4001', { field: 'spec.config', id: p.name, target: 'compose', reason }, loc));
  }
  const store: Store = { project, labels: ownerLabels(p), volumes: new Map(), secrets: new Map() };
  const healthchecks = new Map<string, Record<string, unknown>>();
  for (const c of p.components) {
    if (!c.image) continue;
    const h = healthcheck(c, withImageRegistry(c.image.value, opts.imageRegistry), diags);
    if (h) healthchecks.set(c.id, h);
  }
  const ctx: ServiceContext = { p, opts, byId: indexById(p), store, pipelineLabels, healthchecks };
  const services: Record<string, unknown> = {};
  for (const c of p.components) {
    const s = buildService(ctx, c, diags);
    if (s) services[serviceName(c.id, opts.prefix)] = s;
  }
  if (hasErrors(diags)) return { files: new Map(), diagnostics: diags };
  const doc = {
    'x-flowctl': pipelineMeta(p, project),
    services,
    networks: { [NETWORK]: { name: `${project}_${NETWORK}`, labels: ownerLabels(p) } },
    volumes: store.volumes.size > 0 ? Object.fromEntries(store.volumes) : undefined,
    secrets:
      store.secrets.size > 0
        ? Object.fromEntries([...store.secrets].map(([k, s]) => [k, { file: s.file }]))
        : undefined,
  };
  return { files: new Map([[COMPOSE_FILE, composeYaml(doc)]]), diagnostics: diags };
}

/**
 * Docker Compose: one `compose.yaml` in the Compose specification format (no `version:`),
 * checked by docker-compose 1.29. Every `$` of user text is escaped; see docs/compose.md.
 */
export const composeTarget: Target = {
  name: 'compose',
  emit,
  toStdout: (files) => files.get(COMPOSE_FILE) ?? '',
};
