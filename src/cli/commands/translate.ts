import { compile } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { loadTarget, targetName } from '../../emit/targets/index.js';
import type { EmitOptions } from '../../emit/types.js';
import {
  optionsFor,
  EXIT_FAIL,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  type Io,
  type PipelineFlags,
  printDiagnostics,
} from '../common.js';

interface Flags extends PipelineFlags {
  verbose?: boolean;
  file: string;
  output: string;
  outDir?: string;
  check?: boolean;
  prefix?: string;
  imageRegistry?: string;
  namespace?: string;
  datacenter: string[];
  region?: string;
}

/** `flowctl translate -f FILE -o TARGET [--out-dir DIR] [--check]`. */
export async function run(io: Io, flags: Flags): Promise<number> {
  const opts = optionsFor(io, 'translate', flags);
  if (!opts) return EXIT_USAGE;
  if (flags.check && !flags.outDir) {
    io.stderr('flowctl translate: --check compares with --out-dir; give --out-dir DIR\n');
    return EXIT_USAGE;
  }
  const name = targetName(flags.output)!;
  const r = await compile(flags.file, opts);
  if (!r.pipeline) {
    await printDiagnostics(io, r.diagnostics, r.sources);
    return exitCodeFor(r.diagnostics);
  }
  const target = await loadTarget(name);
  const emitOpts: EmitOptions = {
    ...(flags.prefix ? { prefix: flags.prefix } : {}),
    ...(flags.imageRegistry ? { imageRegistry: flags.imageRegistry } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.datacenter.length > 0 ? { datacenters: flags.datacenter } : {}),
    ...(flags.region ? { region: flags.region } : {}),
  };
  const emitted = target.emit(r.pipeline, emitOpts);
  let diagnostics: Diagnostic[] = [...r.diagnostics, ...emitted.diagnostics];
  if (opts.strict)
    diagnostics = diagnostics.map((d) =>
      d.severity === 'warning' ? { ...d, severity: 'error' as const } : d,
    );
  // Notes (info) are advice that can repeat once per component: without --verbose they are
  // counted per code, which also spares a large file the position lookups they would need.
  const shown = flags.verbose ? diagnostics : diagnostics.filter((d) => d.severity !== 'info');
  await printDiagnostics(io, shown, r.sources);
  if (!flags.verbose) io.stderr(infoSummary(diagnostics));
  if (diagnostics.some((d) => d.severity === 'error')) return exitCodeFor(diagnostics);
  if (flags.check) {
    const { checkOutDir } = await import('../../emit/check.js');
    const result = checkOutDir(flags.outDir!, emitted.files);
    io.stdout(result.report);
    return result.upToDate ? EXIT_OK : EXIT_FAIL;
  }
  if (flags.outDir) {
    const { writeFilesAtomic } = await import('../../emit/write.js');
    for (const p of writeFilesAtomic(flags.outDir, emitted.files, target.modes?.(emitted.files)))
      io.stdout(`${p}\n`);
    return EXIT_OK;
  }
  io.stdout(target.toStdout(emitted.files));
  return EXIT_OK;
}

/** One line per info code: how many, and how to see them. Empty when there are none. */
export function infoSummary(diags: readonly Diagnostic[]): string {
  const counts = new Map<string, number>();
  for (const d of diags) if (d.severity === 'info') counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([code, n]) =>
        `info: ${n} note${n === 1 ? '' : 's'} ${code} not shown (flowctl explain ${code}; --verbose lists each)\n`,
    )
    .join('');
}
