import { EXIT_USAGE, type Io } from '../common.js';

/** Placeholder until `flowctl resolve` lands: says so and exits 2. */
export async function run(io: Io): Promise<number> {
  io.stderr('flowctl resolve: not available in this build yet\n');
  return EXIT_USAGE;
}
