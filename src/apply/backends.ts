import type { Pipeline } from '../ir.js';
import type { Backend, BackendName } from './types.js';

/**
 * Every backend, loaded on demand (dockerode and the Kubernetes client are heavy). Adding a
 * backend: one file in src/apply/ implementing `Backend`, and one line here.
 */
const BACKENDS: Partial<Record<BackendName, () => Promise<Backend>>> = {
  docker: async () => (await import('./docker.js')).dockerBackend,
  local: async () => (await import('./local.js')).localBackend,
  kubernetes: async () => (await import('./kubernetes.js')).kubernetesBackend,
};

/** `-t` values and pipeline `driver` values, mapped to backends. */
const ALIASES: Readonly<Record<string, BackendName>> = {
  docker: 'docker',
  container: 'docker',
  kubernetes: 'kubernetes',
  k8s: 'kubernetes',
  local: 'local',
  process: 'local',
};

/**
 * The backend for a command: `-t` when given, else the `--env` overlay's `target`, else the
 * pipeline's `driver` (docker/container, kubernetes/k8s, local/process), else docker. A driver
 * with no backend (nomad) falls back to docker; an environment that names one (target: nomad)
 * is an explicit choice, so it gives undefined and the command reports it instead of guessing.
 */
export function chooseBackend(flag: string | undefined, p: Pipeline): BackendName | undefined {
  if (flag !== undefined && ALIASES[flag]) return ALIASES[flag];
  const envTarget = p.environment?.target?.value;
  if (envTarget !== undefined) return ALIASES[envTarget];
  const driver = p.driver?.value;
  return (driver !== undefined && ALIASES[driver]) || 'docker';
}

/** Load a backend, or undefined when this build has none by that name. */
export async function loadBackend(name: BackendName): Promise<Backend | undefined> {
  const load = BACKENDS[name];
  return load ? load() : undefined;
}
