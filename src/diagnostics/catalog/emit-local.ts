import type { CodeTable } from '../types.js';

/** FC44xx: local. */
export const emitLocalCodes = {} satisfies CodeTable;
