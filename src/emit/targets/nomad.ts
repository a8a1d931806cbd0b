import type { Target } from '../types.js';

/** Placeholder until the nomad emitter lands: emits nothing. */
export const nomadTarget: Target = {
  name: 'nomad',
  emit: () => ({ files: new Map(), diagnostics: [] }),
  toStdout: () => '',
};
