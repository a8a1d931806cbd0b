import type { CodeTable } from '../types.js';

export const varsCodes = {} satisfies CodeTable;
