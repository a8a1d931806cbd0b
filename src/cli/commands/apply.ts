import { type ApplyFlags, runApplyCommand } from '../../apply/run.js';
import type { Io } from '../common.js';

/** `flowctl apply -f FILE [-t docker|kubernetes|local] [--dry-run] [--prune] [--wait] [--timeout D]`: plan, print the plan, execute it. */
export function run(io: Io, flags: ApplyFlags): Promise<number> {
  return runApplyCommand(io, flags, 'apply');
}
