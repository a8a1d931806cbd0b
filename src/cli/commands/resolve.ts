import { renameSync, writeFileSync } from 'node:fs';
import { compile } from '../../compile.js';
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
  format: 'yaml' | 'json';
  lock?: boolean;
  updateLock?: boolean;
}

/**
 * `flowctl resolve -f FILE`: the concrete flowctl/v1 pipeline of a topology, v1 or legacy file,
 * on standard output (YAML with comments saying why each component is there, or JSON).
 * `--lock` records each flow's chain beside a topology; `--update-lock` rewrites that record.
 */
export async function run(io: Io, flags: Flags): Promise<number> {
  const opts = optionsFor(io, 'resolve', flags);
  if (!opts) return EXIT_USAGE;
  const locking = flags.lock === true || flags.updateLock === true;
  if (locking && flags.file === '-') {
    io.stderr(
      'flowctl resolve: --lock writes FILE.lock beside the topology; give the topology as a file, not -\n',
    );
    return EXIT_USAGE;
  }
  const r = await compile(flags.file, { ...opts, intents: { lock: flags.updateLock ? 'ignore' : 'check' } });
  await printDiagnostics(io, r.diagnostics, r.sources);
  if (!r.pipeline || !r.normalized) return exitCodeFor(r.diagnostics);
  const { renderResolvedJson, renderResolvedYaml } = await import('../../resolve/render.js');
  const resolved = {
    normalized: r.normalized,
    pipeline: r.pipeline,
    ...(r.registry ? { registry: r.registry } : {}),
    ...(r.resolution ? { resolution: r.resolution } : {}),
  };
  if (locking) {
    if (!r.resolution) {
      io.stderr(`flowctl resolve: ${flags.file} is not a flowctl/v2 topology, so it has no chains to lock\n`);
    } else {
      const { renderLock } = await import('../../resolve/lock.js');
      const path = r.resolution.lockFile;
      try {
        writeFileSync(`${path}.tmp`, renderLock(flags.file, r.resolution.locked));
        renameSync(`${path}.tmp`, path);
      } catch (e) {
        io.stderr(`flowctl resolve: cannot write ${path}: ${(e as Error).message}\n`);
        return EXIT_FAIL;
      }
      io.stderr(`flowctl resolve: recorded ${r.resolution.locked.length} flow(s) in ${path}\n`);
    }
  }
  io.stdout(flags.format === 'json' ? renderResolvedJson(resolved) : renderResolvedYaml(resolved));
  return EXIT_OK;
}
