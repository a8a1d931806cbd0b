import type { CodeTable } from '../types.js';

/** FC41xx: compose. */
export const emitComposeCodes = {} satisfies CodeTable;
