import type { Target } from '../types.js';

/** Placeholder until the kubernetes emitter lands: emits nothing. */
export const kubernetesTarget: Target = {
  name: 'kubernetes',
  emit: () => ({ files: new Map(), diagnostics: [] }),
  toStdout: () => '',
};
