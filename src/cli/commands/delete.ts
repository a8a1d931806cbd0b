import { type ApplyFlags, runApplyCommand } from '../../apply/run.js';
import type { Io } from '../common.js';

/** `flowctl delete -f FILE [-t ...]`: remove exactly what apply created for the pipeline. */
export function run(io: Io, flags: ApplyFlags): Promise<number> {
  return runApplyCommand(io, flags, 'delete');
}
