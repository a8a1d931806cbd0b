import type { CodeTable } from '../types.js';

/** FC11xx: layers: variables, extends, environments, secrets. */
export const varsCodes = {} satisfies CodeTable;
