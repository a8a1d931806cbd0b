import type { Target } from '../types.js';

/** Placeholder until the local emitter lands: emits nothing. */
export const localTarget: Target = {
  name: 'local',
  emit: () => ({ files: new Map(), diagnostics: [] }),
  toStdout: () => '',
};
