import { compile } from '../../compile.js';
import { diag } from '../../diagnostics/catalog/index.js';
import { renderDiagnostics, type DiagnosticFormat } from '../../diagnostics/render.js';
import { SourceSet } from '../../diagnostics/sources.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { optionsFor, EXIT_USAGE, exitCodeFor, type Io, type PipelineFlags, version } from '../common.js';

interface Flags extends PipelineFlags {
  format: DiagnosticFormat;
  policy: string[];
}

/** `flowctl validate [FILE...]`: every diagnostic of every file, one report. */
export async function run(io: Io, files: string[], flags: Flags): Promise<number> {
  const opts = optionsFor(io, 'validate', flags);
  if (!opts) return EXIT_USAGE;
  const targets = files.length > 0 ? files : ['pipeline.yaml'];
  const sources = new SourceSet();
  const all: Diagnostic[] = [];
  const summaries: string[] = [];
  for (const f of targets) {
    const r = await compile(f, { ...opts, policies: flags.policy }, sources);
    all.push(...r.diagnostics);
    if (r.pipeline) {
      const n = r.pipeline.components.length;
      summaries.push(`${f === '-' ? '<stdin>' : f}: valid, ${n} component${n === 1 ? '' : 's'}`);
    }
  }
  if (files.length === 0 && all.some((d) => d.code === 'FC1002')) {
    all.splice(
      0,
      all.length,
      diag('FC1002', { file: 'pipeline.yaml', reason: 'no such file (name the pipeline files to validate)' }),
    );
  }
  if (flags.format === 'text') {
    io.stderr(renderDiagnostics('text', all, sources, { color: io.color }));
    for (const s of summaries) io.stderr(`${s}\n`);
  } else {
    io.stdout(renderDiagnostics(flags.format, all, sources, { version: version() }));
  }
  return exitCodeFor(all);
}
