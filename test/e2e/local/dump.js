// Records exactly what the process received: argv0, its arguments, its environment and its
// working directory, as JSON in DUMP_FILE (written to a temporary name, then renamed).
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.DUMP_FILE;
writeFileSync(
  `${file}.tmp`,
  JSON.stringify({ argv0: process.argv0, args: process.argv.slice(2), env: process.env, cwd: process.cwd() }),
);
renameSync(`${file}.tmp`, file);
