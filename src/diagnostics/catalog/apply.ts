import type { CodeTable } from '../types.js';

/** FC5xxx: apply. */
export const applyCodes = {} satisfies CodeTable;
