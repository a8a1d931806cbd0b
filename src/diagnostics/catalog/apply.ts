import type { CodeTable } from '../types.js';

export const applyCodes = {} satisfies CodeTable;
