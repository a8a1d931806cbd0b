import { code, type CodeTable } from '../types.js';

/** FC9xxx: the invocation itself (no input file to point at). */
export const usageCodes = {
  FC9001: code<{ detail: string }>(
    'error',
    'internal-error',
    (a) => `internal error: ${a.detail}; please report it with the input that caused it.`,
    'flowctl hit a bug. The command exits with code 2. Please report the message and, if you can, the input file.',
  ),
} satisfies CodeTable;
