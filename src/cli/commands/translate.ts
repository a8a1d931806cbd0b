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
  await printDiagnostics(io, diagnostics, r.sources);
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
