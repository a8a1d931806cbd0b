import type { CodeTable } from '../types.js';

/** FC42xx: kubernetes. */
export const emitKubernetesCodes = {} satisfies CodeTable;
