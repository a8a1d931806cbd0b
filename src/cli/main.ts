import { processIo } from './common.js';
import { runCli } from './program.js';

/** The executable's entry: the only place that sets the process exit code. */
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
