import type { CodeTable } from '../types.js';

export const emitCodes = {} satisfies CodeTable;
