import type { Target } from '../types.js';

/** Placeholder until the compose emitter lands: emits nothing. */
export const composeTarget: Target = {
  name: 'compose',
  emit: () => ({ files: new Map(), diagnostics: [] }),
  toStdout: () => '',
};
