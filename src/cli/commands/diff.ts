import { type ApplyFlags, runApplyCommand } from '../../apply/run.js';
import type { Io } from '../common.js';

/** `flowctl diff -f FILE [-t ...]`: print what apply would change; exit 1 when something would. */
export function run(io: Io, flags: ApplyFlags): Promise<number> {
  return runApplyCommand(io, flags, 'diff');
}
