import { targetName } from '../../emit/targets/index.js';
import { watchPipeline } from '../../watch/index.js';
import { optionsFor, EXIT_OK, EXIT_USAGE, type Io, type PipelineFlags } from '../common.js';

interface Flags extends PipelineFlags {
  file: string;
  output: string;
  outDir: string;
}

/** `flowctl watch -f FILE -o TARGET --out-dir DIR`: runs until interrupted. */
export async function run(io: Io, flags: Flags): Promise<number> {
  const opts = optionsFor(io, 'watch', flags);
  if (!opts) return EXIT_USAGE;
  if (flags.file === '-') {
    io.stderr('flowctl watch: cannot watch standard input; name a file with -f\n');
    return EXIT_USAGE;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await watchPipeline({
    file: flags.file,
    target: targetName(flags.output)!,
    outDir: flags.outDir,
    compile: opts,
    emit: {},
    log: io.stderr,
    color: io.color,
    signal: controller.signal,
  });
  return EXIT_OK;
}
