import type { CodeTable } from '../types.js';

/** FC43xx: nomad. */
export const emitNomadCodes = {} satisfies CodeTable;
