import { compile } from '../../compile.js';
import { toDot, toMermaid } from '../../graph/index.js';
import {
  optionsFor,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  type Io,
  type PipelineFlags,
  printDiagnostics,
} from '../common.js';

interface Flags extends PipelineFlags {
  file: string;
  format: 'mermaid' | 'dot';
}

/** `flowctl graph -f FILE [--format mermaid|dot]`: the DAG with event types on its edges. */
export async function run(io: Io, flags: Flags): Promise<number> {
  const opts = optionsFor(io, 'graph', flags);
  if (!opts) return EXIT_USAGE;
  const r = await compile(flags.file, opts);
  await printDiagnostics(io, r.diagnostics, r.sources);
  if (!r.pipeline) return exitCodeFor(r.diagnostics);
  io.stdout(flags.format === 'dot' ? toDot(r.pipeline) : toMermaid(r.pipeline));
  return EXIT_OK;
}
