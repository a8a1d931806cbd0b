import type { Target, TargetName } from '../types.js';

/** Every target, loaded on demand. Adding a target: one file here and one line below. */
const TARGETS: Record<TargetName, () => Promise<Target>> = {
  compose: async () => (await import('./compose.js')).composeTarget,
  kubernetes: async () => (await import('./kubernetes.js')).kubernetesTarget,
  nomad: async () => (await import('./nomad.js')).nomadTarget,
  local: async () => (await import('./local.js')).localTarget,
};

const ALIASES: Record<string, TargetName> = {
  compose: 'compose',
  'docker-compose': 'compose',
  kubernetes: 'kubernetes',
  k8s: 'kubernetes',
  nomad: 'nomad',
  local: 'local',
  process: 'local',
  bash: 'local',
};

export const TARGET_NAMES: readonly TargetName[] = ['compose', 'kubernetes', 'nomad', 'local'];

export function targetName(alias: string): TargetName | undefined {
  return ALIASES[alias];
}

export function loadTarget(name: TargetName): Promise<Target> {
  return TARGETS[name]();
}
